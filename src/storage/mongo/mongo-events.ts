import type { Collection, Db } from 'mongodb';
import { ERASED_EVENT, type EventLogStore } from '../ports';
import { isDuplicateKey } from './mongo-errors';
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
 * it got picks the late event up on its next read instead of skipping it for good. A purge
 * first records its floor (every seq up to it is gone), so that a gap below the floor is skipped
 * and a gap above it is waited for.
 */
export class MongoEvents implements EventLogStore {
  private readonly events: Collection<EventDocument>;
  private readonly floors: Collection<FloorDocument>;
  private readonly inserter: SequentialInserter;

  constructor(db: Db) {
    this.events = db.collection<EventDocument>(COLLECTIONS.events);
    this.floors = db.collection<FloorDocument>(COLLECTIONS.eventFloors);
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
    const docs = await cursor.toArray();
    let expected = Math.max(0, Math.floor(afterSeq)) + 1;
    if (docs[0] && docs[0].seq > expected) expected = Math.max(expected, (await this.floorOf(stream)) + 1);
    for (const doc of docs) {
      if (doc.seq !== expected) break;
      result.push({ seq: doc.seq, at: doc.at, event: JSON.parse(doc.json) as Record<string, unknown> });
      expected++;
    }
    return result;
  }

  async purge(before: Date): Promise<number> {
    let deleted = 0;
    for (const stream of await this.events.distinct('stream')) {
      const newest = await this.events.findOne({ stream }, { sort: { seq: -1 }, projection: { seq: 1 } });
      if (!newest) continue;
      const last = await this.events.findOne(
        { stream, seq: { $lt: newest.seq }, at: { $lt: before.toISOString() } },
        { sort: { seq: -1 }, projection: { seq: 1 } },
      );
      if (!last) continue;
      // Insert-only, so that two instances purging at once can never lower a floor.
      await this.floors
        .insertOne({ _id: `${stream}\u0000${last.seq}`, stream, floor: last.seq })
        .catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
      deleted += (await this.events.deleteMany({ stream, seq: { $lte: last.seq } })).deletedCount;
      await this.floors.deleteMany({ stream, floor: { $lt: last.seq } });
    }
    return deleted;
  }

  async scrub(stream: string, matches: (event: Record<string, unknown>) => boolean): Promise<number> {
    const erased = JSON.stringify(ERASED_EVENT);
    let replaced = 0;
    for await (const doc of this.events.find({ stream }, { projection: { _id: 1, json: 1 } })) {
      if (!matches(JSON.parse(doc.json) as Record<string, unknown>)) continue;
      await this.events.updateOne({ _id: doc._id }, { $set: { json: erased } });
      replaced++;
    }
    return replaced;
  }

  /** The highest seq purged from the stream (0 when none was). */
  private async floorOf(stream: string): Promise<number> {
    const floor = await this.floors.findOne({ stream }, { sort: { floor: -1 }, projection: { floor: 1 } });
    return floor?.floor ?? 0;
  }
}

interface FloorDocument {
  _id: string;
  stream: string;
  floor: number;
}
