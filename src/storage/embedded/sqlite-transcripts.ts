import type Database from 'better-sqlite3';
import type { StoredTranscriptEntry, TranscriptEntry, TranscriptStore } from '../ports';

export class SqliteTranscripts implements TranscriptStore {
  private readonly appendTx: Database.Transaction<(entry: TranscriptEntry) => StoredTranscriptEntry>;
  private readonly selectAfter: Database.Statement<[string, number, number], { seq: number; entry: string }>;

  constructor(db: Database.Database) {
    const nextSeq = db.prepare<[string], { next: number }>(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM transcripts WHERE conversation_id = ?',
    );
    const insert = db.prepare(
      'INSERT INTO transcripts (conversation_id, seq, at, entry) VALUES (?, ?, ?, ?)',
    );
    this.appendTx = db.transaction((entry: TranscriptEntry) => {
      const seq = nextSeq.get(entry.conversationId)?.next ?? 1;
      const stored: StoredTranscriptEntry = { ...entry, seq };
      insert.run(entry.conversationId, seq, entry.at, JSON.stringify(stored));
      return stored;
    });
    this.selectAfter = db.prepare(
      'SELECT seq, entry FROM transcripts WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
  }

  async append(entry: TranscriptEntry): Promise<StoredTranscriptEntry> {
    // IMMEDIATE: another process on the same file (a CLI command) cannot take the same seq.
    return this.appendTx.immediate(entry);
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
