import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { silentLogger } from '../../src/logging';
import { MongoBackend } from '../../src/storage/mongo/mongo-backend';
import { describeStorageContract } from '../contract/storage.contract';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';

const target = resolveMongoTarget();
const SUITE = 'storage-mongo';

if (mongoTestsEnabled(target, SUITE)) {
  describe(`MongoDB storage (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let server: RunningMongo;
    // A database of its own, so a shared MONGODB_URI server is left as it was found.
    const dbName = `firstline_test_${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      server = await startMongoTarget(target);
    }, 30_000);

    afterAll(async () => {
      if (!server) return;
      const client = new MongoClient(server.uri);
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
        await server.stop();
      }
    });

    describeStorageContract(
      'mongodb',
      () => MongoBackend.connect({ uri: server.uri, dbName, logger: silentLogger(), signalPollMs: 100 }),
      { multiInstance: true },
    );
  });
} else {
  it.skip(`${SUITE}: no MongoDB-compatible server (see console)`, () => undefined);
}
