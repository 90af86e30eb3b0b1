import fs from 'node:fs';
import path from 'node:path';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * The data folder holds the conversations and the Direct Line signing key: readable by the
 * service's own user only. Creates it 0700 and, on every start, takes group and other access away
 * from it and everything under it (a folder made by an older version, or restored from a backup,
 * was 0755/0644). Symbolic links are left alone.
 */
export function makeDataDirPrivate(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  restrict(dataDir, PRIVATE_DIR);
  for (const entry of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) restrict(full, PRIVATE_DIR);
    else if (entry.isFile()) restrict(full, PRIVATE_FILE);
  }
}

/**
 * Creates `file` empty with mode 0600 unless it exists. SQLite gives the WAL and shared-memory
 * files it creates next to a database the database file's mode, so they are private too.
 */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_WRONLY, PRIVATE_FILE));
  restrict(file, PRIVATE_FILE);
}

function restrict(target: string, mode: number): void {
  if ((fs.lstatSync(target).mode & 0o077) !== 0) fs.chmodSync(target, mode);
}
