import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../src/logging';
import { MongoBackend, type MongoBackendOptions } from '../../src/storage/mongo/mongo-backend';
import { startMongoTarget, type MongoTarget, type RunningMongo } from './mongo-target';

/**
 * For a describe block: starts the target before its tests and gives `connect()`, which opens a
 * backend (an instance) on one fresh database; every backend is closed, then the server stopped.
 */
export function mongoBackends(target: MongoTarget, dbPrefix: string) {
  let server: RunningMongo | undefined;
  const dbName = `${dbPrefix}_${randomUUID().slice(0, 8)}`;
  const opened: MongoBackend[] = [];

  beforeAll(async () => {
    server = await startMongoTarget(target);
  }, 30_000);

  afterAll(async () => {
    for (const backend of opened) await backend.close();
    await server?.stop();
  });

  return {
    dbName,
    async connect(options: Partial<MongoBackendOptions> = {}): Promise<MongoBackend> {
      if (!server) throw new Error('the MongoDB target has not started');
      const backend = await MongoBackend.connect({
        uri: server.uri,
        dbName,
        logger: silentLogger(),
        ...options,
      });
      opened.push(backend);
      return backend;
    },
  };
}
