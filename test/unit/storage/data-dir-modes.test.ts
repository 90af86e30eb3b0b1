import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src/logging';
import { SQLITE_FILE_NAME, SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the data folder is private to the service user', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-modes-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a new data folder is 0700 and the database, its WAL and shared memory files are 0600', async () => {
    const dataDir = path.join(root, 'data');
    const backend = SqliteBackend.open({ dataDir, logger: silentLogger() });
    await backend.secrets.getOrCreate('directline-token-key', () => 'a-signing-key');
    expect(mode(dataDir)).toBe(0o700);
    const files = fs.readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining([SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`]));
    for (const file of files) expect([file, mode(path.join(dataDir, file))]).toEqual([file, 0o600]);
    await backend.close();
  });

  test('a world-readable folder from an older version is made private on start', async () => {
    const dataDir = path.join(root, 'data');
    const first = SqliteBackend.open({ dataDir, logger: silentLogger() });
    await first.secrets.getOrCreate('directline-token-key', () => 'a-signing-key');
    await first.close();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, SQLITE_FILE_NAME), 0o644);
    fs.mkdirSync(path.join(dataDir, 'uploads'), { mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'uploads', 'file.bin'), 'x', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'uploads'), 0o755);

    const again = SqliteBackend.open({ dataDir, logger: silentLogger() });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, SQLITE_FILE_NAME))).toBe(0o600);
    expect(mode(path.join(dataDir, 'uploads'))).toBe(0o700);
    expect(mode(path.join(dataDir, 'uploads', 'file.bin'))).toBe(0o600);
    await again.close();
  });
});
