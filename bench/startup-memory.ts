/**
 * Memory of one FirstLine server right after start-up (createApp as `firstline serve` builds it, the
 * compiled code in dist/): RSS and heap after the libraries load and after createApp, each after a
 * full GC. Run with `node --expose-gc` through tsx; BENCH_HEAP_SNAPSHOT=dir also writes a heap snapshot.
 */
import path from 'node:path';
import v8 from 'node:v8';
import type * as AppModule from '../src/app';
import type * as ConfigModule from '../src/config';
import type * as LoggingModule from '../src/logging';
import type * as StorageModule from '../src/storage';

const DIST = path.join(__dirname, '..', 'dist');

function measure(label: string): void {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mib = (n: number): string => (n / 2 ** 20).toFixed(0).padStart(5);
  process.stdout.write(
    `${label.padEnd(22)} rss ${mib(m.rss)} MiB  heapUsed ${mib(m.heapUsed)} MiB  heapTotal ${mib(m.heapTotal)} MiB  external ${mib(m.external)} MiB\n`,
  );
  if (process.env.BENCH_SPACES)
    for (const space of v8.getHeapSpaceStatistics())
      process.stdout.write(
        `   ${space.space_name.padEnd(22)} size ${mib(space.space_size)} used ${mib(space.space_used_size)}\n`,
      );
}

async function main(): Promise<void> {
  measure('node');
  const { createApp } = (await import(path.join(DIST, 'app.js'))) as typeof AppModule;
  const { loadConfig } = (await import(path.join(DIST, 'config/index.js'))) as typeof ConfigModule;
  const { silentLogger } = (await import(path.join(DIST, 'logging/index.js'))) as typeof LoggingModule;
  const { createStorage } = (await import(path.join(DIST, 'storage/index.js'))) as typeof StorageModule;
  measure('modules loaded');
  const config = loadConfig();
  const logger = silentLogger();
  const storage = await createStorage(config, logger);
  const app = await createApp({ config, logger, storage });
  measure('createApp');
  await app.listen();
  measure('listening');
  const dir = process.env.BENCH_HEAP_SNAPSHOT;
  if (dir)
    process.stdout.write(
      `snapshot ${v8.writeHeapSnapshot(path.join(dir, `startup-${Date.now()}.heapsnapshot`))}\n`,
    );
  await app.shutdown();
  process.exit(0);
}

void main();
