import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { EventRetention } from '../../../src/handoff/event-retention';
import { createLogger, silentLogger } from '../../../src/logging';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import type { EventLogStore } from '../../../src/storage/ports';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('console event retention', () => {
  let dir: string;
  let storage: SqliteBackend;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-retention-'));
    storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
  });
  afterEach(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('deletes what is older than the retention period, keeps the rest and the numbering', async () => {
    for (const i of [1, 2, 3]) await storage.events.append('console', { i });
    const retention = (now: number) =>
      new EventRetention({ storage, retentionDays: 30, logger: silentLogger(), clock: () => new Date(now) });

    await retention(Date.now() + 29 * DAY_MS).purgeNow();
    expect((await storage.events.list('console', 0)).map((e) => e.seq)).toEqual([1, 2, 3]);

    await retention(Date.now() + 31 * DAY_MS).purgeNow();
    expect((await storage.events.list('console', 0)).map((e) => e.seq)).toEqual([3]);
    expect(await storage.events.append('console', { i: 4 })).toBe(4);
  });

  it('logs a failed purge and keeps running instead of throwing', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()),
      }),
    });
    const broken: Pick<{ events: EventLogStore }, 'events'> = {
      events: {
        append: (stream, event) => storage.events.append(stream, event),
        list: (stream, afterSeq, limit) => storage.events.list(stream, afterSeq, limit),
        purge: () => Promise.reject(new Error('disk gone')),
      },
    };
    const retention = new EventRetention({ storage: broken, retentionDays: 1, logger });
    await expect(retention.purgeNow()).resolves.toBeUndefined();
    expect(lines.join('')).toMatch(/console event purge failed/);
  });
});
