import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { silentLogger } from '../../src/logging';
import { MongoBackend } from '../../src/storage/mongo/mongo-backend';
import { PURGE_GRACE_MS } from '../../src/storage/mongo/mongo-idempotency';
import {
  COLLECTIONS,
  LATEST_MONGO_SCHEMA_VERSION,
  migrateMongo,
  readSchemaVersion,
} from '../../src/storage/mongo/mongo-schema';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';

const target = resolveMongoTarget();
const SUITE = 'storage-mongo-schema';

if (mongoTestsEnabled(target, SUITE)) {
  describe('MongoDB schema, indexes and retention', () => {
    let server: RunningMongo;
    let client: MongoClient;
    const dbNames: string[] = [];
    const freshDb = (): Db => {
      const name = `firstline_schema_${randomUUID().slice(0, 8)}`;
      dbNames.push(name);
      return client.db(name);
    };

    /** A backend on a fresh database, with a clock the test moves; closed by `use`'s end. */
    async function withBackend(
      use: (backend: MongoBackend, db: Db, clock: { now: number }) => Promise<void>,
    ): Promise<void> {
      const db = freshDb();
      const clock = { now: Date.now() };
      const backend = await MongoBackend.connect({
        uri: server.uri,
        dbName: db.databaseName,
        logger: silentLogger(),
        clock: () => clock.now,
      });
      try {
        await use(backend, db, clock);
      } finally {
        await backend.close();
      }
    }

    beforeAll(async () => {
      server = await startMongoTarget(target);
      client = await new MongoClient(server.uri).connect();
    }, 30_000);

    afterAll(async () => {
      if (client) {
        for (const name of dbNames) await client.db(name).dropDatabase();
        await client.close();
      }
      await server?.stop();
    });

    it('migrates once, records the version in meta, and is idempotent', async () => {
      const db = freshDb();
      expect(await migrateMongo(db, silentLogger())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await readSchemaVersion(db)).toBe(LATEST_MONGO_SCHEMA_VERSION);
      expect(await migrateMongo(db, silentLogger())).toEqual([]);
      // Two instances starting together must both succeed.
      await Promise.all([migrateMongo(db, silentLogger()), migrateMongo(db, silentLogger())]);
      const indexes = await db.collection(COLLECTIONS.transcripts).indexes();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: { conversationId: 1, seq: 1 }, unique: true }),
        ]),
      );
      // The tickets' worklist: an index per sort.
      expect(await db.collection(COLLECTIONS.worklist).indexes()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: { createdAt: -1, _id: -1 } }),
          expect.objectContaining({ key: { priorityKey: -1, _id: -1 } }),
          expect.objectContaining({ key: { dueKey: 1, _id: 1 } }),
        ]),
      );
    });

    it('refuses a database migrated by a newer FirstLine', async () => {
      const db = freshDb();
      await db
        .collection<{ _id: string; version: number }>(COLLECTIONS.meta)
        .insertOne({ _id: 'schema', version: LATEST_MONGO_SCHEMA_VERSION + 1 });
      await expect(migrateMongo(db, silentLogger())).rejects.toThrow(/newer than this FirstLine knows/);
    });

    it('purges idempotency keys after their grace period, and they can be claimed again', () =>
      withBackend(async (backend, db, clock) => {
        expect(await backend.idempotency.claim('old', 1000)).toBe(true);
        expect(await backend.idempotency.claim('fresh', 10 * PURGE_GRACE_MS)).toBe(true);
        clock.now += 1000 + PURGE_GRACE_MS + 1;
        await backend.purgeExpired(clock.now);
        const keys = (await db.collection(COLLECTIONS.idempotency).find().toArray()).map((doc) => doc.key);
        expect(keys).toEqual(['fresh']);
        expect(await backend.idempotency.claim('old', 1000)).toBe(true);
        expect(await backend.idempotency.claim('fresh', 1000)).toBe(false);
      }));

    it('stores one record per allowed request, none per refused one, and purges them after the window', () =>
      withBackend(async (backend, db, clock) => {
        const limiter = backend.rateLimiter('tokens', { points: 3, durationSeconds: 60 });
        const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.consume('10.0.0.1')));
        expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
        expect(await db.collection(COLLECTIONS.rateLimits).countDocuments()).toBe(3);
        expect(await limiter.consume('10.0.0.1')).toMatchObject({ allowed: false, retryAfterMs: 60_000 });
        clock.now += 60_001;
        expect(await limiter.consume('10.0.0.1')).toEqual({ allowed: true });
        await backend.purgeExpired(clock.now);
        expect(await db.collection(COLLECTIONS.rateLimits).countDocuments()).toBe(1);
      }));

    it('keeps one version per bot state key once pruned, only the tombstone after a delete, and purges old tombstones', () =>
      withBackend(async (backend, db) => {
        const versions = () => db.collection(COLLECTIONS.botState).countDocuments({ key: 'k' });
        for (let n = 0; n < 5; n++) await backend.botState.write({ k: { n } });
        await backend.settle(); // superseded versions are pruned in a batch
        expect(await versions()).toBe(1);
        for (let n = 5; n < 24; n++) await backend.botState.write({ k: { n } });
        await backend.botState.write({ other: { n: 1 } });
        await backend.botState.write({ other: { n: 2 } });
        await backend.settle();
        expect(await versions()).toBe(1);
        expect(await db.collection(COLLECTIONS.botState).countDocuments({ key: 'other' })).toBe(1);
        expect(await backend.botState.read(['k'])).toEqual({ k: expect.objectContaining({ n: 23 }) });
        await backend.botState.write({ k: { n: 24 } }); // pending when the delete comes
        await backend.botState.delete(['k']);
        expect(await versions()).toBe(1);
        expect(await db.collection(COLLECTIONS.botState).countDocuments({ key: 'k', deleted: true })).toBe(1);
        await backend.purgeExpired(Date.now() + 2 * 24 * 60 * 60 * 1000);
        expect(await db.collection(COLLECTIONS.botState).countDocuments({ key: 'k' })).toBe(0);
      }));
  });
} else {
  it.skip(`${SUITE}: no MongoDB-compatible server (see console)`, () => undefined);
}
