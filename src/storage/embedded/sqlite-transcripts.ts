import type Database from 'better-sqlite3';
import type { StoredTranscriptEntry, TranscriptEntry, TranscriptStore } from '../ports';
import { eachCommitsAlone, type Writes } from './group-commit';
import { isPrimaryKeyConflict, NextNumbers } from './next-numbers';

export class SqliteTranscripts implements TranscriptStore {
  private readonly nextSeq: Database.Statement<[string], { next: number }>;
  private readonly insert: Database.Statement<[string, number, string, string]>;
  /** Multi-row inserts by their number of rows (a turn writes one to a handful). */
  private readonly inserts = new Map<number, Database.Statement<(string | number)[]>>();
  private readonly nextSeqs = new NextNumbers();
  private readonly selectAfter: Database.Statement<[string, number, number], { seq: number; entry: string }>;
  private readonly selectWith: Database.Statement<[string], { conversation_id: string }>;
  private readonly deleteOne: Database.Statement<[string]>;
  private readonly purgeBefore: Database.Statement<[string]>;

  constructor(
    private readonly db: Database.Database,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    this.nextSeq = db.prepare<[string], { next: number }>(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM transcripts WHERE conversation_id = ?',
    );
    this.insert = db.prepare('INSERT INTO transcripts (conversation_id, seq, at, entry) VALUES (?, ?, ?, ?)');
    this.selectAfter = db.prepare(
      'SELECT seq, entry FROM transcripts WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectWith = db.prepare(
      `SELECT DISTINCT conversation_id FROM transcripts
        WHERE json_extract(entry, '$.from.id') IN (SELECT value FROM json_each(?))`,
    );
    this.deleteOne = db.prepare('DELETE FROM transcripts WHERE conversation_id = ?');
    this.purgeBefore = db.prepare(
      `DELETE FROM transcripts WHERE conversation_id IN
         (SELECT conversation_id FROM transcripts GROUP BY conversation_id HAVING MAX(at) < ?)`,
    );
  }

  async conversationsWith(participantIds: readonly string[]): Promise<string[]> {
    if (participantIds.length === 0) return [];
    return this.selectWith.all(JSON.stringify(participantIds)).map((row) => row.conversation_id);
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    this.nextSeqs.clear();
    return this.writes.run(() =>
      this.db
        .transaction(() => conversationIds.reduce((sum, id) => sum + this.deleteOne.run(id).changes, 0))
        .immediate(),
    );
  }

  async purge(before: Date): Promise<number> {
    this.nextSeqs.clear();
    return this.writes.run(() => this.purgeBefore.run(before.toISOString()).changes);
  }

  /**
   * One INSERT at the remembered next seq; should another process on the same file (a CLI command)
   * have taken it, the primary key refuses and the seq is read again.
   */
  async append(entry: TranscriptEntry): Promise<StoredTranscriptEntry> {
    return this.written(() => this.insertOne(entry));
  }

  private insertOne(entry: TranscriptEntry): StoredTranscriptEntry {
    const conversationId = entry.conversationId;
    let seq = this.nextSeqs.get(conversationId) ?? this.readNextSeq(conversationId);
    for (;;) {
      const stored: StoredTranscriptEntry = { ...entry, seq };
      try {
        this.insert.run(conversationId, seq, entry.at, JSON.stringify(stored));
      } catch (error) {
        if (!isPrimaryKeyConflict(error)) throw error;
        seq = this.readNextSeq(conversationId);
        continue;
      }
      this.nextSeqs.set(conversationId, seq + 1);
      return stored;
    }
  }

  /** One INSERT of all the entries at the remembered next seqs; retried from MAX as append is. */
  async appendAll(entries: readonly TranscriptEntry[]): Promise<StoredTranscriptEntry[]> {
    if (entries.length === 0) return [];
    if (entries.length === 1) return [await this.append(entries[0]!)];
    const conversationId = entries[0]!.conversationId;
    if (entries.some((entry) => entry.conversationId !== conversationId)) {
      throw new Error('Storage: appendAll takes the entries of one conversation');
    }
    return this.written(() => this.insertAll(conversationId, entries));
  }

  /** The remembered seqs are only hints: an append rolled back with its batch may have moved them. */
  private async written<R>(write: () => R): Promise<R> {
    try {
      return await this.writes.run(write);
    } catch (error) {
      this.nextSeqs.clear();
      throw error;
    }
  }

  private insertAll(conversationId: string, entries: readonly TranscriptEntry[]): StoredTranscriptEntry[] {
    let seq = this.nextSeqs.get(conversationId) ?? this.readNextSeq(conversationId);
    for (;;) {
      const stored = entries.map((entry, i): StoredTranscriptEntry => ({ ...entry, seq: seq + i }));
      try {
        this.insertRows(stored.length).run(
          ...stored.flatMap((entry) => [conversationId, entry.seq, entry.at, JSON.stringify(entry)]),
        );
      } catch (error) {
        if (!isPrimaryKeyConflict(error)) throw error;
        seq = this.readNextSeq(conversationId);
        continue;
      }
      this.nextSeqs.set(conversationId, seq + stored.length);
      return stored;
    }
  }

  private insertRows(count: number): Database.Statement<(string | number)[]> {
    let statement = this.inserts.get(count);
    if (!statement) {
      const rows = Array.from({ length: count }, () => '(?, ?, ?, ?)').join(', ');
      statement = this.db.prepare(`INSERT INTO transcripts (conversation_id, seq, at, entry) VALUES ${rows}`);
      this.inserts.set(count, statement);
    }
    return statement;
  }

  private readNextSeq(conversationId: string): number {
    return this.nextSeq.get(conversationId)?.next ?? 1;
  }

  async list(
    conversationId: string,
    options: { afterSeq?: number; limit?: number } = {},
  ): Promise<StoredTranscriptEntry[]> {
    const rows = this.selectAfter.all(conversationId, options.afterSeq ?? 0, sqlLimit(options.limit));
    return rows.map((row) => JSON.parse(row.entry) as StoredTranscriptEntry);
  }
}

/** SQLite reads a negative LIMIT as "no limit". */
export function sqlLimit(limit: number | undefined): number {
  return limit === undefined ? -1 : Math.max(0, Math.floor(limit));
}
