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
      true, // deleted only with their whole conversation
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

  async appendAll(entries: readonly TranscriptEntry[]): Promise<StoredTranscriptEntry[]> {
    if (entries.length === 0) return [];
    const conversationId = entries[0]!.conversationId;
    if (entries.some((entry) => entry.conversationId !== conversationId)) {
      throw new Error('Storage: appendAll takes the entries of one conversation');
    }
    const documents = await this.inserter.insertAll(
      conversationId,
      entries.map((entry) => (seq: number) => {
        const stored: StoredTranscriptEntry = { ...entry, seq };
        return { conversationId, seq, at: entry.at, json: JSON.stringify(stored) };
      }),
    );
    return documents.map((document) => JSON.parse(document.json) as StoredTranscriptEntry);
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

  async conversationsWith(participantIds: readonly string[]): Promise<string[]> {
    if (participantIds.length === 0) return [];
    const wanted = new Set(participantIds);
    const found = new Set<string>();
    // The entry is JSON text, so `from.id` cannot be queried: a scan, fine for rare privacy requests.
    for await (const doc of this.entries.find({}, { projection: { _id: 0, conversationId: 1, json: 1 } })) {
      if (found.has(doc.conversationId)) continue;
      const from = (JSON.parse(doc.json) as Partial<TranscriptEntry>).from;
      if (from && wanted.has(from.id)) found.add(doc.conversationId);
    }
    return [...found];
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const result = await this.entries.deleteMany({ conversationId: { $in: [...conversationIds] } });
    return result.deletedCount;
  }

  async purge(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    const candidates = new Set<string>();
    for await (const doc of this.entries.find(
      { at: { $lt: cutoff } },
      { projection: { _id: 0, conversationId: 1 } },
    ))
      candidates.add(doc.conversationId);
    let deleted = 0;
    for (const conversationId of candidates) {
      // Only whole conversations go: one with a recent entry is kept entirely.
      if (await this.entries.findOne({ conversationId, at: { $gte: cutoff } }, { projection: { _id: 1 } }))
        continue;
      deleted += (await this.entries.deleteMany({ conversationId })).deletedCount;
    }
    return deleted;
  }
}
