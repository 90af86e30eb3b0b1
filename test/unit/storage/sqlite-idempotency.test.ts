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

  it('retakes a delivery whose lease ran out unfinished, and a first finish then leaves it running', async () => {
    const first = await store.begin('d', 1000, 60_000);
    expect(first.state).toBe('first');
    now += 999;
    expect(await store.begin('d', 1000, 60_000)).toEqual({ state: 'running', leaseUntil: 1_001_000 });
    now += 1;
    const retake = await store.begin('d', 1000, 60_000);
    expect(retake.state).toBe('retake');
    // The first attempt was only slow: its finish does not end the retake's lease.
    if (first.state === 'first') await first.finish();
    expect((await store.begin('d', 1000, 60_000)).state).toBe('running');
    if (retake.state === 'retake') await retake.finish();
    expect(await store.begin('d', 1000, 60_000)).toEqual({ state: 'done' });
  });

  it('begins a delivery afresh once its key expired', async () => {
    const first = await store.begin('d', 1000, 5000);
    if (first.state === 'first') await first.finish();
    now += 5000;
    expect((await store.begin('d', 1000, 5000)).state).toBe('first');
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
