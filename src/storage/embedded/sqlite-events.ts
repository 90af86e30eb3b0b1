import type Database from 'better-sqlite3';
import { eachCommitsAlone, type Writes } from './group-commit';
import { ERASED_EVENT, type EventLogStore } from '../ports';
import { sqlLimit } from './sqlite-transcripts';

type StoredEvent = { seq: number; at: string; event: Record<string, unknown> };

/**
 * seq is MAX + 1 inside an IMMEDIATE transaction, so appends are numbered in commit order and a
 * reader (which sees whole commits only) can never see seq n + 1 without n.
 */
export class SqliteEvents implements EventLogStore {
  private readonly appendTx: Database.Transaction<(stream: string, at: string, json: string) => number>;
  private readonly purgeBefore: Database.Statement<[string]>;
  private readonly selectAfter: Database.Statement<
    [string, number, number],
    { seq: number; at: string; event: string }
  >;

  private readonly selectStream: Database.Statement<[string], { seq: number; event: string }>;
  private readonly replace: Database.Statement<[string, string, number]>;

  constructor(
    private readonly db: Database.Database,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    const nextSeq = db.prepare<[string], { next: number }>(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM events WHERE stream = ?',
    );
    const insert = db.prepare('INSERT INTO events (stream, seq, at, event) VALUES (?, ?, ?, ?)');
    this.appendTx = db.transaction((stream: string, at: string, json: string) => {
      const seq = nextSeq.get(stream)?.next ?? 1;
      insert.run(stream, seq, at, json);
      return seq;
    });
    this.selectAfter = db.prepare(
      'SELECT seq, at, event FROM events WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.purgeBefore = db.prepare(
      `DELETE FROM events WHERE at < ?
         AND seq < (SELECT MAX(newest.seq) FROM events AS newest WHERE newest.stream = events.stream)`,
    );
    this.selectStream = db.prepare('SELECT seq, event FROM events WHERE stream = ?');
    this.replace = db.prepare('UPDATE events SET event = ? WHERE stream = ? AND seq = ?');
  }

  async purge(before: Date): Promise<number> {
    return this.writes.run(() => this.purgeBefore.run(before.toISOString()).changes);
  }

  async scrub(stream: string, matches: (event: Record<string, unknown>) => boolean): Promise<number> {
    const erased = JSON.stringify(ERASED_EVENT);
    return this.writes.run(() =>
      this.db
        .transaction(() => {
          let replaced = 0;
          for (const row of this.selectStream.all(stream)) {
            if (!matches(JSON.parse(row.event) as Record<string, unknown>)) continue;
            this.replace.run(erased, stream, row.seq);
            replaced++;
          }
          return replaced;
        })
        .immediate(),
    );
  }

  async append(stream: string, event: Record<string, unknown>): Promise<number> {
    const at = new Date().toISOString();
    return this.writes.run(() => this.appendTx.immediate(stream, at, JSON.stringify(event)));
  }

  async list(stream: string, afterSeq: number, limit?: number): Promise<StoredEvent[]> {
    return this.selectAfter.all(stream, afterSeq, sqlLimit(limit)).map((row) => ({
      seq: row.seq,
      at: row.at,
      event: JSON.parse(row.event) as Record<string, unknown>,
    }));
  }
}
