import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { silentLogger } from '../../src/logging';
import { MongoSignals } from '../../src/storage/mongo/mongo-signals';
import { COLLECTIONS } from '../../src/storage/mongo/mongo-schema';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';

const target = resolveMongoTarget();
const SUITE = 'storage-mongo-signals';
/** Long enough that no poll of A's falls between the two writes below. */
const A_POLL_MS = 1500;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (mongoTestsEnabled(target, SUITE)) {
  describe('MongoDB signals between instances', () => {
    let server: RunningMongo;
    let client: MongoClient;
    const dbName = `firstline_signals_${randomUUID().slice(0, 8)}`;
    const stopped: MongoSignals[] = [];

    beforeAll(async () => {
      server = await startMongoTarget(target);
      client = await new MongoClient(server.uri).connect();
    }, 30_000);

    afterAll(async () => {
      for (const signals of stopped) signals.stop();
      if (client) {
        await client.db(dbName).dropDatabase();
        await client.close();
      }
      await server?.stop();
    });

    it("wakes A's listeners for B's signal even when A's own signal overwrote it before A polled", async () => {
      const db = client.db(dbName);
      const a = new MongoSignals(db, silentLogger(), A_POLL_MS);
      const b = new MongoSignals(db, silentLogger(), A_POLL_MS);
      stopped.push(a, b);
      const key = `conversation-${randomUUID()}`;
      const token = async () =>
        (await db.collection<{ _id: string; token: string }>(COLLECTIONS.signals).findOne({ _id: key }))
          ?.token;
      let calls = 0;
      a.subscribe(key, () => calls++);

      // B writes to the conversation and signals it; then A signals its own write, which lands on
      // top of B's token before A's first poll.
      b.notify(key);
      await until("B's signal stored", async () => (await token()) !== undefined);
      const fromB = await token();
      a.notify(key);
      expect(calls).toBe(1); // A's own listeners hear A's notify at once
      await until("A's signal stored over B's", async () => (await token()) !== fromB);

      // A's listeners must hear again: what B wrote is theirs to read.
      await until("A's listeners woken by a poll", () => calls >= 2);
    });
  });
}
