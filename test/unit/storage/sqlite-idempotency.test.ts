import Database from 'better-sqlite3';
import { migrate } from '../../../src/storage/embedded/migrations';
import { SqliteIdempotency } from '../../../src/storage/embedded/sqlite-idempotency';

describe('SqliteIdempotency', () => {
  let db: Database.Database;
  let now: number;
  let store: SqliteIdempotency;
  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
    now = 1_000_000;
    store = new SqliteIdempotency(db, () => now);
  });
  afterEach(() => db.close());

  const count = (): number => (db.prepare('SELECT COUNT(*) AS n FROM idempotency').get() as { n: number }).n;

  it('expires a claim exactly at its ttl', async () => {
    expect(await store.claim('k', 1000)).toBe(true);
    now += 999;
    expect(await store.claim('k', 1000)).toBe(false);
    now += 1;
    expect(await store.claim('k', 1000)).toBe(true);
  });

  it('purges expired keys only, and does so from claim every ten minutes', async () => {
    await store.claim('short', 1000);
    await store.claim('long', 60 * 60 * 1000);
    expect(count()).toBe(2);
    now += 5000;
    expect(store.purge()).toBe(1);
    await store.claim('short2', 1000);
    now += 11 * 60 * 1000;
    await store.claim('trigger', 1000);
    // short2 expired and was purged by the claim; long and trigger remain.
    expect(count()).toBe(2);
  });
});
