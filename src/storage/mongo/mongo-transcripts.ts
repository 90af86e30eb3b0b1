import type { Collection, Db } from 'mongodb';
import type { StoredTranscriptEntry, TranscriptEntry, TranscriptStore } from '../ports';
import { COLLECTIONS } from './mongo-schema';
import { SequentialInserter } from './sequential-inserter';

interface TranscriptDocument {
  conversationId: string;
  seq: number;
  at: string;
  /** JSON text, so field names never clash with MongoDB's rules. */
  json: string;
}

export class MongoTranscripts implements TranscriptStore {
  private readonly entries: Collection<TranscriptDocument>;
  private readonly inserter: SequentialInserter;

  constructor(db: Db) {
    this.entries = db.collection<TranscriptDocument>(COLLECTIONS.transcripts);
    this.inserter = new SequentialInserter(
      db.collection(COLLECTIONS.transcripts),
      'conversationId',
      'seq',
      1,
    );
  }

  async append(entry: TranscriptEntry): Promise<StoredTranscriptEntry> {
    let stored: StoredTranscriptEntry | undefined;
    await this.inserter.insert(entry.conversationId, (seq) => {
      stored = { ...entry, seq };
      return { conversationId: entry.conversationId, seq, at: entry.at, json: JSON.stringify(stored) };
    });
    if (!stored) throw new Error('Storage: transcript entry was not built');
    return stored;
  }

  async list(
    conversationId: string,
    options: { afterSeq?: number; limit?: number } = {},
  ): Promise<StoredTranscriptEntry[]> {
    if (options.limit !== undefined && options.limit <= 0) return [];
    const cursor = this.entries
      .find({ conversationId, seq: { $gt: options.afterSeq ?? 0 } }, { projection: { json: 1 } })
      .sort({ seq: 1 });
    if (options.limit !== undefined) cursor.limit(Math.floor(options.limit));
    const docs = await cursor.toArray();
    return docs.map((doc) => JSON.parse(doc.json) as StoredTranscriptEntry);
  }
}
