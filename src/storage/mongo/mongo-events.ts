import type { Collection, Db } from 'mongodb';
import type { EventLogStore } from '../ports';
import { COLLECTIONS } from './mongo-schema';
import { SequentialInserter } from './sequential-inserter';

interface EventDocument {
  stream: string;
  seq: number;
  at: string;
  /** JSON text: events carry user text and card data whose field names MongoDB may refuse. */
  json: string;
}

type StoredEvent = { seq: number; at: string; event: Record<string, unknown> };

/**
 * Events numbered per stream under a unique (stream, seq) index. The inserter only tries seq n
 * once n - 1 is stored, so gaps are never permanent; but a reader on another instance may still
 * see n before n - 1 becomes visible to it (a MongoDB query is not one snapshot across yields).
 * So list() returns only the contiguous run after afterSeq: a client resuming from the last seq
 * it got picks the late event up on its next read instead of skipping it for good. Events are
 * never purged, which keeps "seq 1 is the first" true for that check.
 */
export class MongoEvents implements EventLogStore {
  private readonly events: Collection<EventDocument>;
  private readonly inserter: SequentialInserter;

  constructor(db: Db) {
    this.events = db.collection<EventDocument>(COLLECTIONS.events);
    this.inserter = new SequentialInserter(db.collection(COLLECTIONS.events), 'stream', 'seq', 1);
  }

  async append(stream: string, event: Record<string, unknown>): Promise<number> {
    const json = JSON.stringify(event);
    const { number } = await this.inserter.insert(stream, (seq) => ({
      stream,
      seq,
      at: new Date().toISOString(),
      json,
    }));
    return number;
  }

  async list(stream: string, afterSeq: number, limit?: number): Promise<StoredEvent[]> {
    if (limit !== undefined && limit <= 0) return [];
    const cursor = this.events
      .find({ stream, seq: { $gt: afterSeq } }, { projection: { _id: 0, seq: 1, at: 1, json: 1 } })
      .sort({ seq: 1 });
    if (limit !== undefined) cursor.limit(Math.floor(limit));
    const result: StoredEvent[] = [];
    let expected = Math.max(0, Math.floor(afterSeq)) + 1;
    for (const doc of await cursor.toArray()) {
      if (doc.seq !== expected) break;
      result.push({ seq: doc.seq, at: doc.at, event: JSON.parse(doc.json) as Record<string, unknown> });
      expected++;
    }
    return result;
  }
}
