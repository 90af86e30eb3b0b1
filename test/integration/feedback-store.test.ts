import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { DocumentFeedbackStore, type NewFeedback } from '../../src/feedback';
import { silentLogger } from '../../src/logging';
import { createRedactor } from '../../src/privacy';
import type { StorageBackend } from '../../src/storage/ports';
import { MongoBackend } from '../../src/storage/mongo/mongo-backend';
import { createDirectLineTestStorage } from '../helpers/directline-test-storage';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';
import { shippedPrivacy } from '../helpers/shipped-content';

const DAY_MS = 24 * 60 * 60 * 1000;

function remark(userId: string, text: string, topic?: string): NewFeedback {
  return {
    userId,
    conversationId: `c-${userId}`,
    channelId: 'directline',
    language: 'en',
    sentiment: 'negative',
    text,
    ...(topic ? { topic } : {}),
    about: topic ? 'named' : 'unknown',
  };
}

/** The same checks on every backend: the store is a port over the document collections. */
function feedbackStoreContract(open: () => Promise<{ backend: StorageBackend; close(): Promise<void> }>) {
  it('stores redacted remarks, lists them by topic, exports and deletes per user, purges by age', async () => {
    const { backend, close } = await open();
    try {
      const clock = { now: Date.parse('2026-01-10T12:00:00Z') };
      const store = new DocumentFeedbackStore(
        backend,
        createRedactor(shippedPrivacy()),
        () => new Date(clock.now),
      );
      const ada = `ada-${randomUUID()}`;
      const bob = `bob-${randomUUID()}`;
      const old = await store.record(
        remark(ada, 'the VPN guide was useless, my password is Hunter2!x', 'network.vpn'),
      );
      expect(old.text).not.toContain('Hunter2!x');
      expect(old).toMatchObject({ userId: ada, topic: 'network.vpn', sentiment: 'negative', version: 1 });
      clock.now += 40 * DAY_MS;
      await store.record(remark(bob, 'the printer steps were great', 'printer'));
      await store.record(remark(ada, 'that guide was outdated'));

      expect((await store.list({ topic: 'network.vpn' })).map((r) => r.userId)).toEqual([ada]);
      expect((await store.forUser(ada)).map((r) => r.text)).toEqual([old.text, 'that guide was outdated']);

      expect(await store.purgeOlderThan(new Date(clock.now - 30 * DAY_MS))).toBe(1);
      expect((await store.forUser(ada)).map((r) => r.text)).toEqual(['that guide was outdated']);
      expect(await store.deleteForUser(ada)).toBe(1);
      expect(await store.forUser(ada)).toEqual([]);
      expect((await store.list()).map((r) => r.userId)).toEqual([bob]);
    } finally {
      await close();
    }
  });
}

describe('feedback store on SQLite', () => {
  feedbackStoreContract(async () => {
    const storage = await createDirectLineTestStorage();
    return { backend: storage.backend, close: () => storage.dispose() };
  });
});

const target = resolveMongoTarget();
if (mongoTestsEnabled(target, 'feedback-store-mongo')) {
  describe('feedback store on MongoDB', () => {
    let server: RunningMongo;
    beforeAll(async () => {
      server = await startMongoTarget(target);
    }, 30_000);
    afterAll(async () => server?.stop());

    feedbackStoreContract(async () => {
      const dbName = `firstline_feedback_${randomUUID().slice(0, 8)}`;
      const backend = await MongoBackend.connect({ uri: server.uri, dbName, logger: silentLogger() });
      return {
        backend,
        async close() {
          await backend.close();
          const client = await new MongoClient(server.uri).connect();
          await client.db(dbName).dropDatabase();
          await client.close();
        },
      };
    });
  });
} else {
  it.skip('feedback-store-mongo: no MongoDB-compatible server (see console)', () => undefined);
}
