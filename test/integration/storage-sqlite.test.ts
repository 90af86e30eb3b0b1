import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteBackend } from '../../src/storage/embedded/sqlite-backend';
import { silentLogger } from '../../src/logging';
import { describeStorageContract } from '../contract/storage.contract';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-storage-'));

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// Every instance opens the same file, so reopen tests see earlier data.
describeStorageContract('sqlite', async () => SqliteBackend.open({ dataDir, logger: silentLogger() }));
