import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src/logging';
import { createStorage } from '../../../src/storage';

describe('createStorage', () => {
  it('opens the embedded backend when no MongoDB URI is set', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-create-'));
    try {
      const storage = await createStorage({ storage: { dataDir, mongoDb: 'firstline' } }, silentLogger());
      expect(storage.kind).toBe('sqlite');
      await storage.ping();
      await storage.close();
      expect(fs.existsSync(path.join(dataDir, 'firstline.sqlite'))).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('uses MongoDB when a URI is set, and fails when it is unreachable', async () => {
    // Port 9 (discard) on loopback refuses connections; selection gives up quickly with the short timeout.
    const attempt = createStorage(
      {
        storage: {
          dataDir: '/nonexistent',
          mongoUri: 'mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300',
          mongoDb: 'x',
        },
      },
      silentLogger(),
    );
    await expect(attempt).rejects.toThrow();
  });
});
