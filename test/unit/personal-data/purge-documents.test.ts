import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src/logging';
import { purgeDocuments } from '../../../src/personal-data';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import type { StoredDocument } from '../../../src/storage/ports';

type Doc = StoredDocument & { at: string; keep: boolean };

describe('purgeDocuments', () => {
  let dir: string;
  let storage: SqliteBackend;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-purge-'));
    storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
  });
  afterEach(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reaches old documents behind more than a batch of ones it must keep, and leaves newer ones', async () => {
    const docs = storage.collection<Doc>('things');
    const day = (n: number) => new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString();
    // 520 old ones to keep (the oldest of all), then 30 old ones to delete, then 10 newer ones.
    for (let i = 0; i < 560; i++) {
      const at = i < 520 ? day(i % 10) : i < 550 ? day(30 + (i % 20)) : day(100 + i);
      await docs.insert({ id: `d${i}`, at, keep: i < 520 });
    }
    const deleted = await purgeDocuments(docs as never, {
      field: 'at',
      before: new Date(day(60)),
      unless: async (doc) => doc.keep === true,
    });
    expect(deleted).toBe(30);
    const left = await docs.find({});
    expect(left).toHaveLength(530);
    expect(left.filter((d) => !d.keep && d.at < day(60))).toEqual([]);
  });
});
