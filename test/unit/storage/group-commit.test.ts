import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../../src/logging';
import { GROUP_BEGIN_SQL, GROUP_COMMIT_SQL, GroupCommit } from '../../../src/storage/embedded/group-commit';
import { SQLITE_FILE_NAME, SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import type { TranscriptEntry } from '../../../src/storage';

/** Group commit on a WAL file, watched from a second connection (as another process would see it). */
describe('GroupCommit', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  let statements: string[];
  let writes: GroupCommit;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-group-commit-'));
    const file = path.join(dir, 'db.sqlite');
    statements = [];
    db = new Database(file, { verbose: (sql) => statements.push(String(sql)) });
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    other = new Database(file);
    // The other connection must not wait for a lock that only this thread could release.
    other.pragma('busy_timeout = 0');
    writes = new GroupCommit(db);
    statements.length = 0;
  });
  afterEach(() => {
    other.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = () => db.prepare<[number, string]>('INSERT INTO t (id, v) VALUES (?, ?)');
  const seenElsewhere = (): number[] =>
    other
      .prepare<[], { id: number }>('SELECT id FROM t ORDER BY id')
      .all()
      .map((row) => row.id);

  it('commits a lone write at once, as without grouping', async () => {
    const written = writes.run(() => insert().run(1, 'a').changes);
    expect(seenElsewhere()).toEqual([1]);
    expect(await written).toBe(1);
    expect(statements.filter((sql) => /^(BEGIN|COMMIT)/.test(sql))).toEqual([]);
  });

  it('puts the later writes of a tick into one transaction, answered only once it has committed', async () => {
    const answered: number[] = [];
    const all = [1, 2, 3, 4].map((id) =>
      writes.run(() => insert().run(id, 'x')).then(() => answered.push(id)),
    );
    // The first committed alone; the others are written but not committed, so not acknowledged.
    expect(seenElsewhere()).toEqual([1]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 4 });
    await Promise.resolve();
    expect(answered).toEqual([1]);
    await Promise.all(all);
    expect(answered).toEqual([1, 2, 3, 4]);
    expect(seenElsewhere()).toEqual([1, 2, 3, 4]);
    expect(statements.filter((sql) => /^(BEGIN|COMMIT)/.test(sql))).toEqual([
      GROUP_BEGIN_SQL,
      GROUP_COMMIT_SQL,
    ]);
  });

  it('rejects only the caller whose statement failed; the rest of the batch is stored', async () => {
    await writes.run(() => insert().run(7, 'taken'));
    await new Promise((resolve) => setImmediate(resolve));
    const first = writes.run(() => insert().run(1, 'a'));
    const second = writes.run(() => insert().run(2, 'b'));
    const conflict = writes.run(() => insert().run(7, 'again'));
    const third = writes.run(() => insert().run(3, 'c'));
    await expect(conflict).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    await Promise.all([first, second, third]);
    expect(seenElsewhere()).toEqual([1, 2, 3, 7]);
  });

  it('rejects every write of a batch whose transaction SQLite ended, and stores none of them', async () => {
    writes.run(() => insert().run(1, 'alone'));
    const second = writes.run(() => insert().run(2, 'b'));
    // What SQLite does on disk full or an I/O error: the whole transaction is rolled back.
    const ended = writes.run(() => {
      db.prepare('ROLLBACK').run();
      throw new Error('disk full');
    });
    await expect(ended).rejects.toThrow('disk full');
    await expect(second).rejects.toThrow('disk full');
    // Later writes of the tick open a new batch.
    await writes.run(() => insert().run(4, 'd'));
    expect(seenElsewhere()).toEqual([1, 4]);
  });

  it('turns a db.transaction() inside the batch into a savepoint that rolls back alone', async () => {
    writes.run(() => insert().run(1, 'alone'));
    const kept = writes.run(() => insert().run(2, 'b'));
    const undone = writes.run(() =>
      db.transaction(() => {
        insert().run(3, 'c');
        throw new Error('changed its mind');
      })(),
    );
    const joined = writes.run(() => db.transaction(() => insert().run(5, 'e'))());
    await expect(undone).rejects.toThrow('changed its mind');
    await Promise.all([kept, joined]);
    expect(seenElsewhere()).toEqual([1, 2, 5]);
  });

  it('holds the write lock only until the tick ends: another connection writes after it', async () => {
    writes.run(() => insert().run(1, 'alone'));
    const batched = writes.run(() => insert().run(2, 'b'));
    expect(() => other.prepare('INSERT INTO t (id, v) VALUES (9, ?)').run('other')).toThrow(
      expect.objectContaining({ code: 'SQLITE_BUSY' }),
    );
    await batched;
    other.prepare('INSERT INTO t (id, v) VALUES (9, ?)').run('other');
    expect(seenElsewhere()).toEqual([1, 2, 9]);
  });

  it('commits the open batch first when another connection of this process writes', async () => {
    const elsewhere = new GroupCommit(other);
    writes.run(() => insert().run(1, 'alone'));
    const batched = writes.run(() => insert().run(2, 'b'));
    // Without that, the other connection would wait for a lock only this thread can release.
    await elsewhere.run(() => other.prepare('INSERT INTO t (id, v) VALUES (9, ?)').run('other'));
    await batched;
    expect(seenElsewhere()).toEqual([1, 2, 9]);
  });

  it('commits the open batch on flush, before the tick ends', () => {
    writes.run(() => insert().run(1, 'alone'));
    void writes.run(() => insert().run(2, 'b'));
    writes.flush();
    expect(seenElsewhere()).toEqual([1, 2]);
    expect(db.inTransaction).toBe(false);
  });
});

describe('SqliteBackend with group commit', () => {
  it('stores the concurrent appends of several conversations with one commit, all of them at close', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-group-commit-'));
    const statements: string[] = [];
    const backend = SqliteBackend.open({
      dataDir,
      logger: silentLogger(),
      onStatement: (sql) => statements.push(sql),
    });
    try {
      const line = (conversationId: string, text: string): TranscriptEntry => ({
        conversationId,
        channelId: 'directline',
        direction: 'incoming',
        at: '2026-01-01T00:00:00.000Z',
        type: 'message',
        from: { id: 'someone', role: 'user' },
        text,
      });
      const from = statements.length;
      const appended = await Promise.all(
        ['a', 'b', 'c'].flatMap((conversationId) => [
          backend.transcripts.append(line(conversationId, 'hello')),
          backend.directLine.appendActivity(conversationId, (index) => ({ type: 'message', index })),
        ]),
      );
      expect(appended).toHaveLength(6);
      const transactions = statements.slice(from).filter((sql) => /^(BEGIN|COMMIT)/.test(sql));
      expect(transactions).toEqual([GROUP_BEGIN_SQL, GROUP_COMMIT_SQL]);
      // Left open at close: committed before the checkpoint.
      void backend.transcripts.append(line('a', 'x'));
      void backend.transcripts.append(line('b', 'y'));
    } finally {
      await backend.close();
    }
    const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM transcripts').get()).toEqual({ n: 5 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM dl_activities').get()).toEqual({ n: 3 });
    } finally {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('two SqliteBackends of one process on one file', () => {
  it("closing one commits the other's open batch first, so its checkpoint empties the WAL", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-group-commit-'));
    const server = SqliteBackend.open({ dataDir, logger: silentLogger() });
    try {
      const command = SqliteBackend.open({ dataDir, logger: silentLogger() });
      await server.counters.next('warm-up');
      await new Promise((resolve) => setImmediate(resolve));
      const first = server.counters.next('tickets');
      const batched = server.counters.next('tickets');
      // A CLI command run in this process ends while the server's batch is open.
      await command.close();
      expect(fs.statSync(path.join(dataDir, `${SQLITE_FILE_NAME}-wal`)).size).toBe(0);
      expect(await Promise.all([first, batched])).toEqual([1, 2]);
    } finally {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
