import type Database from 'better-sqlite3';
import type { IdempotencyStore } from '../ports';

/** How often claim() also deletes expired keys; a timer would outlive close() in tests. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000;

/** A claim is one statement: the insert, or the take-over of an expired key, returns a row; a live key does not. */
export class SqliteIdempotency implements IdempotencyStore {
  private readonly claimStatement: Database.Statement<[string, number, number], { key: string }>;
  private readonly purgeStatement: Database.Statement<[number]>;
  private lastPurge = 0;

  constructor(
    db: Database.Database,
    private readonly clock: () => number = Date.now,
  ) {
    this.claimStatement = db.prepare(
      'INSERT INTO idempotency (key, expires_at) VALUES (?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE expires_at <= ? ' +
        'RETURNING key',
    );
    this.purgeStatement = db.prepare('DELETE FROM idempotency WHERE expires_at <= ?');
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    if (now - this.lastPurge >= PURGE_INTERVAL_MS) this.purge(now);
    return this.claimStatement.get(key, now + Math.max(1, ttlMs), now) !== undefined;
  }

  /** Deletes expired keys; returns how many. */
  purge(now: number = this.clock()): number {
    this.lastPurge = now;
    return this.purgeStatement.run(now).changes;
  }
}
