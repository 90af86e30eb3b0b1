import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../../src/logging';
import { SQLITE_FILE_NAME, SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import {
  currentSchemaVersion,
  LATEST_SCHEMA_VERSION,
  migrate,
} from '../../../src/storage/embedded/migrations';

describe('SQLite schema migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-migrate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applies every migration once and is a no-op afterwards', () => {
    const db = new Database(path.join(dir, 'x.sqlite'));
    expect(migrate(db)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(migrate(db)).toEqual([]);
    expect(currentSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const rows = db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number };
    expect(rows.n).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('upgrades a version 1 database to documents, counters, events, rate limits, bot state times and delivery leases, keeping its data', () => {
    const db = new Database(path.join(dir, 'x.sqlite'));
    db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    // Only migration 1, as a FirstLine from before documents left it.
    db.exec("INSERT INTO schema_version (version, applied_at) VALUES (1, 'then')");
    db.exec('CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL)');
    db.exec("INSERT INTO secrets VALUES ('k', 'v', 'then')");
    db.exec('CREATE TABLE bot_state (key TEXT PRIMARY KEY, etag TEXT NOT NULL, value TEXT NOT NULL)');
    db.exec("INSERT INTO bot_state VALUES ('directline/users/u1', 'e1', '{}')");
    db.exec('CREATE TABLE idempotency (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)');
    db.exec("INSERT INTO idempotency VALUES ('seen', 9999999999999)");
    db.exec(
      'CREATE TABLE transcripts (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, ' +
        'entry TEXT NOT NULL, PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID',
    );
    db.exec(
      'CREATE TABLE dl_activities (conversation_id TEXT NOT NULL, idx INTEGER NOT NULL, ' +
        'activity TEXT NOT NULL, PRIMARY KEY (conversation_id, idx)) WITHOUT ROWID',
    );
    const before = Date.now();
    expect(migrate(db)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    // State from before the retention period existed counts from the upgrade, not from 1970.
    const { updated_at } = db.prepare('SELECT updated_at FROM bot_state').get() as { updated_at: number };
    expect(updated_at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'documents',
        'counters',
        'events',
        'rate_limits',
        'attachments',
        'ticket_worklist',
      ]),
    );
    expect(db.prepare('SELECT value FROM secrets').get()).toEqual({ value: 'v' });
    // A claim from before deliveries had leases counts as done.
    expect(db.prepare('SELECT lease_until, attempt FROM idempotency').get()).toEqual({
      lease_until: null,
      attempt: 1,
    });
    db.close();
  });

  it('fills the flat case tables from the case records stored before they existed', async () => {
    const file = path.join(dir, SQLITE_FILE_NAME);
    const db = new Database(file);
    migrate(db);
    // As a version 7 database: no case tables (nor their triggers) yet, one case record among the documents.
    db.exec(
      'DROP TRIGGER case_facts_on_insert; DROP TRIGGER case_facts_on_update; DROP TRIGGER case_facts_on_delete; ' +
        'DROP TABLE case_facts; DROP TABLE case_articles; DROP TABLE case_flows; DROP TABLE case_flow_steps; ' +
        'DROP INDEX idempotency_unfinished',
    );
    db.exec('DELETE FROM schema_version WHERE version >= 8');
    // ... and without the worklist's figure columns of migration 10 (a v7 row has 20 columns).
    const added = db.prepare("SELECT name FROM pragma_table_info('ticket_worklist') WHERE cid >= 20").all();
    for (const { name } of added as { name: string }[])
      db.exec(`ALTER TABLE ticket_worklist DROP COLUMN ${name}`);
    const record = {
      channelId: 'webchat',
      language: 'en',
      outcome: 'open',
      day: '2031-05-01',
      openedAt: '2031-05-01T08:00:00.000Z',
      updatedAt: '2031-05-01T08:01:00.000Z',
      articles: [{ articleId: 'kb1', helped: false, steps: [] }],
      flows: [
        {
          flowId: 'f1',
          lastNodeId: 'n2',
          steps: [
            { nodeId: 'n1', result: 'worked' },
            { nodeId: 'n2', result: 'failed' },
          ],
        },
      ],
    };
    db.prepare("INSERT INTO documents (collection, id, version, body) VALUES ('cases', 'c1', 3, ?)").run(
      JSON.stringify(record),
    );
    expect(migrate(db)).toEqual([8, 9, 10, 11, 12, 13, 14]);
    expect(db.prepare('SELECT id, outcome, day, topic, channel_id FROM case_facts').all()).toEqual([
      { id: 'c1', outcome: 'open', day: '2031-05-01', topic: null, channel_id: 'webchat' },
    ]);
    db.close();
    const backend = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    const cases = backend.collection<{ id: string; version: number; openedAt: string }>('cases');
    const opened = [{ field: 'openedAt' as const, from: '2031-05-01', to: '2031-05-02' }];
    expect(await cases.tally({ ranges: opened, unwind: ['articles'], groupBy: ['articles.helped'] })).toEqual(
      [{ key: [false], count: 1 }],
    );
    const steps = await cases.tally({
      ranges: opened,
      unwind: ['flows', 'flows.steps'],
      groupBy: ['flows.steps.nodeId', 'flows.steps.result'],
    });
    expect(steps.sort((x, y) => String(x.key[0]).localeCompare(String(y.key[0])))).toEqual([
      { key: ['n1', 'worked'], count: 1 },
      { key: ['n2', 'failed'], count: 1 },
    ]);
    await backend.close();
  });

  it('rebuilds the Direct Line log, transcripts and documents as rowid tables, keeping their rows and triggers', async () => {
    const file = path.join(dir, SQLITE_FILE_NAME);
    const db = new Database(file);
    expect(migrate(db, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const layout = (table: string) =>
      (
        db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as {
          sql: string;
        }
      ).sql;
    const triggers = () =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as {
        name: string;
        sql: string;
      }[];
    const tables = ['dl_activities', 'transcripts', 'documents'];
    for (const table of tables) expect(layout(table)).toMatch(/WITHOUT ROWID/);
    db.prepare('INSERT INTO dl_activities VALUES (\'c1\', 0, \'{"type":"message"}\')').run();
    db.prepare(
      "INSERT INTO transcripts VALUES ('c1', 1, '2031-05-01T08:00:00.000Z', '{\"text\":\"hi\"}')",
    ).run();
    const record = { outcome: 'open', day: '2031-05-01', openedAt: '2031-05-01T08:00:00.000Z', articles: [] };
    db.prepare("INSERT INTO documents VALUES ('cases', 'k1', 1, ?)").run(JSON.stringify(record));
    const rows = () => tables.map((table) => db.prepare(`SELECT * FROM ${table}`).all());
    const before = { rows: rows(), triggers: triggers() };
    expect(before.triggers.map((t) => t.name)).toEqual([
      'case_facts_on_delete',
      'case_facts_on_insert',
      'case_facts_on_update',
      'transcripts_into_ticket_search',
      'transcripts_out_of_ticket_search',
    ]);

    expect(migrate(db)).toEqual([13, 14]);
    for (const table of tables) expect(layout(table)).not.toMatch(/WITHOUT ROWID/);
    expect(rows()).toEqual(before.rows);
    // Byte for byte: the same texts (schema-triggers.ts) created them again.
    expect(triggers()).toEqual(before.triggers);
    // The case record's flat rows still follow the record.
    db.prepare("UPDATE documents SET body = json_set(body, '$.outcome', 'resolved') WHERE id = 'k1'").run();
    expect(db.prepare("SELECT outcome FROM case_facts WHERE id = 'k1'").get()).toEqual({
      outcome: 'resolved',
    });
    db.prepare("DELETE FROM documents WHERE id = 'k1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM case_facts').get()).toEqual({ n: 0 });
    db.close();
    // And the store works on the rebuilt tables, a duplicate key refused as before.
    const backend = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
    const notes = backend.collection<{ id: string; version: number; text: string }>('notes');
    await notes.insert({ id: 'n1', text: 'a' });
    await expect(notes.insert({ id: 'n1', text: 'b' })).rejects.toThrow();
    expect(await notes.update('n1', {}, { text: 'c' })).toEqual({ id: 'n1', version: 2, text: 'c' });
    await backend.close();
  });

  it('refuses a database from a newer FirstLine', () => {
    const db = new Database(path.join(dir, 'x.sqlite'));
    migrate(db);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
      LATEST_SCHEMA_VERSION + 1,
      'later',
    );
    expect(() => migrate(db)).toThrow(/newer than this FirstLine knows/);
    db.close();
  });

  it('opens in WAL mode with synchronous FULL and leaves no WAL behind after close', async () => {
    const backend = SqliteBackend.open({ dataDir: path.join(dir, 'nested', 'data'), logger: silentLogger() });
    await backend.transcripts.append({
      conversationId: 'c',
      channelId: 'test',
      direction: 'incoming',
      at: new Date().toISOString(),
      type: 'message',
      from: { id: 'u', role: 'user' },
    });
    await backend.close();
    const file = path.join(dir, 'nested', 'data', SQLITE_FILE_NAME);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const wal = `${file}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
  });
});
