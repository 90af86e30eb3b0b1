import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE_NAME, SqliteBackend } from '../../src/storage/embedded/sqlite-backend';
import { FolderAttachments } from '../../src/storage';
import { silentLogger } from '../../src/logging';
import type { StorageBackend } from '../../src/storage/ports';
import { describeAttachmentsContract } from '../contract/attachments.contract';
import { startApp } from '../helpers/in-process-app';

// Starting the whole app takes a while on a machine shared with other suites.
jest.setTimeout(90_000);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-attachment-folder-'));
const folder = path.join(root, 'files');
const opened: StorageBackend[] = [];
const open = async () => {
  const backend = SqliteBackend.open({
    dataDir: path.join(root, 'data'),
    logger: silentLogger(),
    attachments: new FolderAttachments(folder),
  });
  opened.push(backend);
  return backend;
};
let backend: StorageBackend;

beforeAll(async () => {
  backend = await open();
});
afterAll(async () => {
  for (const b of opened) await b.close();
  fs.rmSync(root, { recursive: true, force: true });
});

// ATTACHMENT_DIR: the same contract as the database stores, with the bytes in a private folder.
describe('attachments in a folder (ATTACHMENT_DIR)', () => {
  describeAttachmentsContract(() => backend, open);

  it('keeps the folder and its files private to the service user', () => {
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(folder);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(fs.statSync(path.join(folder, name)).mode & 0o777).toBe(0o600);
  });

  it('is where the app keeps an upload when ATTACHMENT_DIR is set; the database table stays empty', async () => {
    const dir = path.join(root, 'app-files');
    const running = await startApp({ ATTACHMENT_DIR: dir });
    try {
      expect(running.app.storage.attachments).toBeInstanceOf(FolderAttachments);
      const chat = (await (
        await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST' })
      ).json()) as { conversationId: string; token: string };
      const body = new FormData();
      body.append('activity', new Blob([JSON.stringify({ type: 'message', text: 'log' })]));
      body.append('file', new Blob(['line 1\nline 2\n']), 'app.log');
      const res = await fetch(`${running.url}/v3/directline/conversations/${chat.conversationId}/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chat.token}` },
        body,
      });
      expect(res.status).toBe(200);
      expect(
        fs
          .readdirSync(dir)
          .map((name) => path.extname(name))
          .sort(),
      ).toEqual(['.bin', '.json']);
      const db = new Database(path.join(running.dataDir, SQLITE_FILE_NAME), { readonly: true });
      expect(db.prepare('SELECT COUNT(*) AS n FROM attachments').get()).toEqual({ n: 0 });
      db.close();
    } finally {
      await running.stop();
    }
  });
});
