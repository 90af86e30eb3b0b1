import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/logging';
import { createStorage } from '../../src/storage';
import type { StorageBackend } from '../../src/storage/ports';

export interface TestStorage {
  backend: StorageBackend;
  dataDir: string;
  /** Closes the backend and opens a new one on the same DATA_DIR, as a restart would. */
  reopen(): Promise<StorageBackend>;
  dispose(): Promise<void>;
}

/** The real embedded (SQLite) backend in a fresh temporary DATA_DIR. */
export async function createDirectLineTestStorage(): Promise<TestStorage> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'firstline-dl-'));
  const open = () => createStorage({ storage: { dataDir, mongoDb: 'unused' } }, silentLogger());
  const storage: TestStorage = {
    backend: await open(),
    dataDir,
    async reopen() {
      await storage.backend.close();
      storage.backend = await open();
      return storage.backend;
    },
    async dispose() {
      await storage.backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return storage;
}
