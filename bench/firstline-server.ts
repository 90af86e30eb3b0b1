/**
 * FirstLine as `firstline serve` builds it (createApp on the configuration from the environment, the
 * compiled code in dist/ as in production), with its storage observed so the benchmark can count
 * statements and round trips per turn.
 */
import path from 'node:path';
import type * as AppModule from '../src/app';
import type * as ConfigModule from '../src/config';
import type * as LoggingModule from '../src/logging';
import type * as StorageModule from '../src/storage';
import { StorageProbe } from './probe';

const DIST = path.join(__dirname, '..', 'dist');

async function main(): Promise<void> {
  const { createApp } = (await import(path.join(DIST, 'app.js'))) as typeof AppModule;
  const { loadConfig } = (await import(path.join(DIST, 'config/index.js'))) as typeof ConfigModule;
  const { silentLogger } = (await import(path.join(DIST, 'logging/index.js'))) as typeof LoggingModule;
  const { createStorage } = (await import(path.join(DIST, 'storage/index.js'))) as typeof StorageModule;
  const config = loadConfig();
  const logger = silentLogger();
  const probe = new StorageProbe();
  const storage = await createStorage(config, logger, probe.observer);
  const app = await createApp({ config, logger, storage });
  probe.register(app.server);
  const port = await app.listen();
  process.stdout.write(`listening ${port}\n`);
  process.once('SIGTERM', () => {
    void app.shutdown().then(() => process.exit(0));
  });
}

void main();
