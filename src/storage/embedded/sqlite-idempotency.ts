import type Database from 'better-sqlite3';
import type { IdempotencyStore } from '../ports';

/** How often claim() also deletes expired keys; a timer would outlive close() in tests. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000;

export class SqliteIdempotency implements IdempotencyStore {
  private readonly claimTx: Database.Transaction<(key: string, ttlMs: number, now: number) => boolean>;
  private readonly purgeStatement: Database.Statement<[number]>;
  private lastPurge = 0;

  constructor(
    db: Database.Database,
    private readonly clock: () => number = Date.now,
  ) {
    const select = db.prepare<[string], { expires_at: number }>(
      'SELECT expires_at FROM idempotency WHERE key = ?',
    );
    const upsert = db.prepare(
      'INSERT INTO idempotency (key, expires_at) VALUES (?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at',
    );
    this.claimTx = db.transaction((key: string, ttlMs: number, now: number) => {
      const existing = select.get(key);
      if (existing && existing.expires_at > now) return false;
      upsert.run(key, now + ttlMs);
      return true;
    });
    this.purgeStatement = db.prepare('DELETE FROM idempotency WHERE expires_at <= ?');
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    if (now - this.lastPurge >= PURGE_INTERVAL_MS) this.purge(now);
    return this.claimTx.immediate(key, Math.max(1, ttlMs), now);
  }

  /** Deletes expired keys; returns how many. */
  purge(now: number = this.clock()): number {
    this.lastPurge = now;
    return this.purgeStatement.run(now).changes;
  }
}
