import type { StorageBackend } from '../../src/storage/ports';
import { createMemoryStorage } from './directline-memory-storage';

export interface TestStorage {
  backend: StorageBackend;
  dispose(): Promise<void>;
}

/** The storage the Direct Line integration tests run on. */
export async function createDirectLineTestStorage(): Promise<TestStorage> {
  const backend = createMemoryStorage();
  return { backend, dispose: () => backend.close() };
}
