import type Database from 'better-sqlite3';
import { eachCommitsAlone, type Writes } from './group-commit';
import type { Delivery, IdempotencyStore } from '../ports';

/** How often claim() also deletes expired keys; a timer would outlive close() in tests. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000;

interface BeginParams {
  key: string;
  now: number;
  expires: number;
  lease: number;
}

/**
 * A claim or a delivery's begin is one statement: the insert, or the take-over of an expired key
 * (or of a delivery whose lease ran out unfinished), returns a row; a live key does not.
 */
export class SqliteIdempotency implements IdempotencyStore {
  private readonly claimStatement: Database.Statement<[string, number, number], { key: string }>;
  private readonly beginStatement: Database.Statement<[BeginParams], { attempt: number }>;
  private readonly leaseStatement: Database.Statement<[string], { lease_until: number | null }>;
  private readonly finishStatement: Database.Statement<[string, number]>;
  private readonly purgeStatement: Database.Statement<[number]>;
  private readonly stalledStatement: Database.Statement<
    [{ since: number; now: number; from: string; to: string; limit: number }],
    { key: string }
  >;
  private lastPurge = 0;

  constructor(
    db: Database.Database,
    private readonly clock: () => number = Date.now,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    this.claimStatement = db.prepare(
      'INSERT INTO idempotency (key, expires_at) VALUES (?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at, lease_until = NULL, attempt = 1 ' +
        'WHERE expires_at <= ? RETURNING key',
    );
    this.beginStatement = db.prepare(
      'INSERT INTO idempotency (key, expires_at, lease_until, attempt) VALUES (@key, @expires, @lease, 1) ' +
        'ON CONFLICT (key) DO UPDATE SET ' +
        'attempt = CASE WHEN expires_at <= @now THEN 1 ELSE attempt + 1 END, ' +
        'expires_at = excluded.expires_at, lease_until = excluded.lease_until ' +
        'WHERE expires_at <= @now OR lease_until <= @now RETURNING attempt',
    );
    this.leaseStatement = db.prepare('SELECT lease_until FROM idempotency WHERE key = ?');
    this.finishStatement = db.prepare(
      'UPDATE idempotency SET lease_until = NULL WHERE key = ? AND attempt = ?',
    );
    this.purgeStatement = db.prepare('DELETE FROM idempotency WHERE expires_at <= ?');
    this.stalledStatement = db.prepare(
      'SELECT key FROM idempotency WHERE lease_until > @since AND lease_until <= @now ' +
        'AND key >= @from AND key < @to ORDER BY lease_until LIMIT @limit',
    );
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return this.writes.run(() => {
      const now = this.now();
      return this.claimStatement.get(key, now + Math.max(1, ttlMs), now) !== undefined;
    });
  }

  async begin(key: string, leaseMs: number, ttlMs: number): Promise<Delivery> {
    return this.writes.run(() => this.beginNow(key, leaseMs, ttlMs));
  }

  private beginNow(key: string, leaseMs: number, ttlMs: number): Delivery {
    const now = this.now();
    const lease = now + Math.max(1, leaseMs);
    const taken = this.beginStatement.get({ key, now, lease, expires: Math.max(lease, now + ttlMs) });
    if (taken) {
      const { attempt } = taken;
      return {
        state: attempt === 1 ? 'first' : 'retake',
        finish: async () => {
          // Only this attempt's lease: a later retake's stays until that one finishes.
          await this.writes.run(() => this.finishStatement.run(key, attempt));
        },
      };
    }
    const held = this.leaseStatement.get(key);
    // NULL: finished (or a plain claim); gone: purged between the two statements, i.e. long done.
    if (held?.lease_until == null) return { state: 'done' };
    return { state: 'running', leaseUntil: held.lease_until };
  }

  async stalled(prefix: string, since: number, now: number, limit: number): Promise<string[]> {
    // The prefix as a key range (every key below `prefix` + U+FFFF starts with it): the index on
    // lease_until finds the few unfinished rows, the range only filters them.
    const rows = this.stalledStatement.all({ since, now, from: prefix, to: `${prefix}\uffff`, limit });
    return rows.map((row) => row.key);
  }

  /** Deletes expired keys; returns how many. */
  purge(now: number = this.clock()): number {
    this.lastPurge = now;
    return this.purgeStatement.run(now).changes;
  }

  private now(): number {
    const now = this.clock();
    if (now - this.lastPurge >= PURGE_INTERVAL_MS) this.purge(now);
    return now;
  }
}
