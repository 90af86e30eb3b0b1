import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../../src/logging';
import { SqliteBackend, SQLITE_FILE_NAME } from '../../../src/storage/embedded/sqlite-backend';
import { worklistSql } from '../../../src/storage/embedded/sqlite-worklist';
import { TicketStore } from '../../../src/tickets';
import { newTicket } from '../../contract/tickets.contract';

describe('SQLite worklist index', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-worklist-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indexes tickets that have no row yet when it opens (stored before the worklist existed)', async () => {
    let storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    const made = await new TicketStore(storage).create(newTicket({ problem: 'scanner smudges pages' }));
    await storage.close();
    const db = new Database(path.join(dir, SQLITE_FILE_NAME));
    db.exec('DELETE FROM ticket_search; DELETE FROM ticket_worklist;');
    db.close();

    storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    try {
      const page = await new TicketStore(storage).query({ q: 'smudges' });
      expect(page.tickets.map((t) => t.id)).toEqual([made.id]);
    } finally {
      await storage.close();
    }
  });

  it('adds the category to the searched words of rows an older FirstLine wrote, when it opens', async () => {
    let storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    const made = await new TicketStore(storage).create(
      newTicket({ category: 'hardware', problem: 'fan noise' }),
    );
    await storage.close();
    // A row as the version before wrote it: its derivation 1, its words without the category.
    const db = new Database(path.join(dir, SQLITE_FILE_NAME));
    db.exec(
      "UPDATE ticket_worklist SET figures_v = 1, sig = 'older words'; UPDATE ticket_search SET ticket = 'hd 1001 maria keller fan noise'",
    );
    db.close();

    storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    try {
      const page = await new TicketStore(storage).query({ q: 'hardware' });
      expect(page.tickets.map((t) => t.id)).toEqual([made.id]);
    } finally {
      await storage.close();
    }
  });

  it('derives the figures of tickets stored before them when it opens (the backfill of migration 10)', async () => {
    let storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    const tickets = new TicketStore(storage, () => new Date('2031-03-03T10:00:00.000Z'));
    const made = await tickets.create(newTicket());
    await tickets.reply(made.id, { kind: 'technician', id: 'tech-anna', name: 'Anna' }, 'On my way.');
    await storage.close();
    const db = new Database(path.join(dir, SQLITE_FILE_NAME));
    db.exec('UPDATE ticket_worklist SET figures_v = NULL, first_response_at = NULL');
    db.close();

    storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    try {
      const figures = await storage.worklist.figures({
        createdFrom: '2031-03-03',
        createdBefore: '2031-03-04',
      });
      expect(figures.map((f) => f.firstResponseAt)).toEqual(['2031-03-03T10:00:00.000Z']);
    } finally {
      await storage.close();
    }
  });

  it('asks SQLite for the page from the worklist first, never by scanning the documents', async () => {
    const storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    await storage.close();
    const { sql, params } = worklistSql({
      status: ['new', 'open', 'pending', 'on-hold'],
      terms: ['printer'],
      sort: 'createdAt',
      direction: 'desc',
      limit: 26,
    });
    const db = new Database(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const plan = db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => row.detail);
      expect(plan.some((detail) => /^SCAN d\b/.test(detail))).toBe(false);
      // The page's documents are looked up by their key (the primary key's index of the rowid table).
      expect(plan).toContain('SEARCH d USING INDEX sqlite_autoindex_documents_1 (collection=? AND id=?)');
      // A common word's page walks the sort's index and stops at the page's end: no sorting.
      const sorted = worklistSql(
        { status: ['open'], terms: ['printer'], sort: 'createdAt', direction: 'desc', limit: 26 },
        'sort',
      );
      const walk = db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sorted.sql}`)
        .all(...sorted.params)
        .map((row) => row.detail);
      expect(walk).toContain('SCAN w USING INDEX ticket_worklist_created');
      expect(walk.some((detail) => detail.includes('TEMP B-TREE'))).toBe(false);
    } finally {
      db.close();
    }
  });
});
