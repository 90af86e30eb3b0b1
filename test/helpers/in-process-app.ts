import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type FirstLineApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { silentLogger, type Logger } from '../../src/logging';
import { createStorage, type StorageObserver } from '../../src/storage';

export interface RunningApp {
  app: FirstLineApp;
  config: Config;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Builds the real app in this process on a fresh data directory and a free port; `observer` sees
 * every statement or command its storage sends.
 */
export async function startApp(
  env: Record<string, string> = {},
  logger: Logger = silentLogger(),
  clock?: () => Date,
  observer?: StorageObserver,
): Promise<RunningApp> {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    CONTENT_DIR: path.join(__dirname, '../../content'),
    KB_WATCH: 'false',
    ...env,
    DATA_DIR: dataDir,
  });
  const storage = observer ? await createStorage(config, logger, observer) : undefined;
  const app = await createApp({ config, logger, clock, storage });
  const port = await app.listen();
  return { app, config, url: `http://127.0.0.1:${port}`, dataDir, stop: () => app.shutdown() };
}
