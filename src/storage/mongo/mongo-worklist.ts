import { Double, type Collection, type Db, type Filter, type Sort } from 'mongodb';
import type {
  DocumentCollection,
  StoredDocument,
  TicketFiguresQuery,
  TicketWorklist,
  WorklistQuery,
} from '../ports';
import type { TicketFiguresRow } from '../ticket-figures';
import { NO_DUE_TIME, WORKLIST_ROW_VERSION, sortField, worklistRow, type WorklistRow } from '../worklist';
import { isDuplicateKey } from './mongo-errors';
import { COLLECTIONS } from './mongo-schema';

/** Told of every write of a collection once it is stored. */
export interface MongoDocumentIndex {
  written(id: string, version: number, body: Record<string, unknown>): Promise<void>;
  deleted(id: string): Promise<void>;
}

/** The tickets as the worklist reads them at start. */
export interface WorklistTickets extends Pick<DocumentCollection<StoredDocument>, 'get'> {
  /** The ids of the stored tickets (deleted ones may linger until their revisions are tidied). */
  liveIds(): Promise<string[]>;
}

/**
 * `figuresV`: the row's derivation, WORKLIST_ROW_VERSION (named when only `figures` was derived;
 * rows of an older one are derived again at start).
 */
type WorklistDocument = Omit<WorklistRow, 'id' | 'version'> & {
  _id: string;
  v: number;
  figuresV?: number;
  /** idHash(_id): the rows' sum of it, compared with the tickets', tells a missing or orphaned row. */
  h?: number | Double;
};

/** Conversations a search word may match through their transcript, at most. */
const MAX_TRANSCRIPT_MATCHES = 2000;

/**
 * The worklist on MongoDB and FerretDB: one `ticket_worklist` document per ticket (indexed filter
 * and sort fields, lower-case words), written after the ticket's revision. Without transactions
 * the row may briefly lag its ticket (or, after a crash between the two writes, until the
 * ticket's next write or the next start), so pages are read from the tickets themselves and the
 * ticket store checks them again. Words are matched with a regular expression (FerretDB 1.24 has
 * no $text): in the row's text, and in the conversation's transcript.
 */
export class MongoWorklist implements TicketWorklist, MongoDocumentIndex {
  private readonly rows: Collection<WorklistDocument>;
  private readonly transcripts: Collection<{ conversationId: string; json: string }>;

  constructor(
    db: Db,
    private readonly tickets: () => WorklistTickets,
  ) {
    this.rows = db.collection<WorklistDocument>(COLLECTIONS.worklist);
    this.transcripts = db.collection(COLLECTIONS.transcripts);
  }

  async written(id: string, version: number, body: Record<string, unknown>): Promise<void> {
    await this.write(id, version, body, '$lt');
  }

  /**
   * Only forward: a slower writer of an older version finds a newer row and changes nothing;
   * `$lte` also rewrites the row of the same version (new figures for an unchanged ticket).
   */
  private async write(id: string, version: number, body: Record<string, unknown>, older: '$lt' | '$lte') {
    const { id: _id, version: v, ...fields } = worklistRow(id, version, body);
    try {
      await this.rows.updateOne(
        { _id, v: { [older]: v } },
        { $set: { ...fields, v, figuresV: WORKLIST_ROW_VERSION, h: new Double(idHash(_id)) } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async deleted(id: string): Promise<void> {
    await this.rows.deleteOne({ _id: id });
  }

  /**
   * Indexes the tickets that have no row yet (stored before the worklist, or a crash between the
   * ticket and its row), derives the figures again where an older FirstLine derived them, and drops
   * rows whose ticket is gone (a crash or race between a delete and its row). Only those are read:
   * the rows with stale figures by a query of their own; missing and orphaned rows by comparing the
   * rows' count and sum of id hashes (one aggregate) with the tickets' ids, and the rows' ids only
   * when they differ. Up-to-date rows and the tickets' bodies are not read.
   */
  async indexMissing(): Promise<number> {
    const stale = await this.rows
      .find(
        { $or: [{ figuresV: { $lt: WORKLIST_ROW_VERSION } }, { figuresV: { $exists: false } }] },
        { projection: { _id: 1 } },
      )
      .toArray();
    const suspects = new Set(stale.map((row) => row._id));
    for (const id of await this.unmatched()) suspects.add(id);
    let added = 0;
    for (const id of suspects) {
      const ticket = await this.tickets().get(id);
      if (!ticket) {
        await this.deleted(id);
        continue;
      }
      const { id: _id, version, ...body } = ticket;
      await this.write(id, version, body, '$lte');
      added++;
    }
    return added;
  }

  /** Ids of tickets without a row, of rows without a ticket, and of rows without an id hash. */
  private async unmatched(): Promise<string[]> {
    const tickets = await this.tickets().liveIds();
    // One accumulator: FerretDB 1.24 answers 0 for every $group accumulator after the first
    // (measured); the hash's 2^32 makes its sum a count as well.
    const [rows] = await this.rows
      .aggregate<{ h: number }>([{ $group: { _id: null, h: { $sum: '$h' } } }])
      .toArray();
    const sum = tickets.reduce((total, id) => total + idHash(id), 0);
    if ((rows?.h ?? 0) === sum) return [];
    const unmatched: string[] = [];
    const live = new Set(tickets);
    const indexed = new Set<string>();
    for await (const row of this.rows.find({}, { projection: { _id: 1, h: 1 } })) {
      indexed.add(row._id);
      if (!live.has(row._id) || row.h !== idHash(row._id)) unmatched.push(row._id);
    }
    for (const id of tickets) if (!indexed.has(id)) unmatched.push(id);
    return unmatched;
  }

  async figures(query: TicketFiguresQuery): Promise<TicketFiguresRow[]> {
    const filter: Filter<WorklistDocument> = {
      createdAt: { $gte: query.createdFrom, $lt: query.createdBefore },
    };
    if (query.language !== undefined) filter.language = query.language;
    if (query.channelId !== undefined) filter.channelId = query.channelId;
    if (query.category !== undefined) filter.category = query.category;
    const rows = await this.rows.find(filter, { projection: { _id: 0, createdAt: 1, figures: 1 } }).toArray();
    return rows.map((row) => ({ ...row.figures, createdAt: row.createdAt }));
  }

  async find<T extends StoredDocument>(query: WorklistQuery): Promise<T[]> {
    const field = sortField(query.sort);
    const dir = query.direction === 'asc' ? 1 : -1;
    const sort: Sort = { [field]: dir, _id: dir };
    const rows = await this.rows
      .find(await this.filter(query), { projection: { _id: 1 } })
      .sort(sort)
      .limit(query.limit)
      .toArray();
    const tickets = this.tickets();
    const found = await Promise.all(rows.map((row) => tickets.get(row._id)));
    return found.filter((ticket): ticket is StoredDocument => ticket !== undefined) as T[];
  }

  private async filter(query: WorklistQuery): Promise<Filter<WorklistDocument>> {
    const all: Filter<WorklistDocument>[] = [];
    const anyOf = (name: keyof WorklistDocument, values: readonly string[] | undefined) => {
      if (values !== undefined) all.push({ [name]: { $in: [...values] } });
    };
    anyOf('status', query.status);
    anyOf('team', query.team);
    anyOf('priority', query.priority);
    anyOf('language', query.language);
    anyOf('category', query.category);
    anyOf('channelId', query.channelId);
    anyOf('type', query.type);
    if (query.assigneeId !== undefined) all.push({ assigneeId: query.assigneeId });
    if (query.userId !== undefined) all.push({ userId: query.userId });
    const range = (name: 'createdAt' | 'updatedAt', from?: string, to?: string) => {
      if (from !== undefined) all.push({ [name]: { $gte: from } });
      if (to !== undefined) all.push({ [name]: { $lte: to } });
    };
    range('createdAt', query.createdFrom, query.createdTo);
    range('updatedAt', query.updatedFrom, query.updatedTo);
    if (query.dueBefore !== undefined)
      all.push({ dueKey: { $lt: query.dueBefore < NO_DUE_TIME ? query.dueBefore : NO_DUE_TIME } });
    if (query.visibleTo && !query.visibleTo.skills.includes('*')) {
      all.push({
        $or: [
          { assigneeId: query.visibleTo.technicianId },
          { skills: { $size: 0 } },
          { skills: { $in: [...query.visibleTo.skills] } },
        ],
      });
    }
    if (query.terms && query.terms.length > 0) {
      const words: Filter<WorklistDocument>[] = [];
      for (const term of query.terms) {
        const conversations = await this.conversationsSaying(term);
        words.push({
          $or: [{ text: { $regex: escapeRegex(term) } }, { conversationId: { $in: conversations } }],
        });
      }
      all.push(query.number ? { $or: [{ number: query.number }, { $and: words }] } : { $and: words });
    } else if (query.number !== undefined) {
      all.push({ number: query.number });
    }
    if (query.after) {
      const { key, id } = query.after;
      const op = query.direction === 'asc' ? '$gt' : '$lt';
      const field = sortField(query.sort);
      all.push({ $or: [{ [field]: { [op]: key } }, { [field]: key, _id: { [op]: id } }] });
    }
    return all.length > 0 ? { $and: all } : {};
  }

  /** Conversations whose transcript says the word (its parts in order, whatever is between). */
  private async conversationsSaying(term: string): Promise<string[]> {
    const pattern = term.split(' ').map(escapeRegex).join('[^\\p{L}\\p{N}]+');
    const found = await this.transcripts
      .find(
        { json: { $regex: `"text":"[^"]*${pattern}`, $options: 'i' } },
        { projection: { conversationId: 1 } },
      )
      .limit(MAX_TRANSCRIPT_MATCHES)
      .toArray();
    return [...new Set(found.map((entry) => entry.conversationId))];
  }
}

/**
 * 2^32 plus a 32-bit hash of a ticket id (FNV-1a), stored as a double: the rows' sum of it says how
 * many rows there are and (but for a collision) which, exactly up to 2^20 rows (beyond, the sums
 * differ and the ids are compared). A double because FerretDB 1.24 summed 32-bit integers that
 * overflowed to 0 (measured).
 */
export function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return 2 ** 32 + (hash >>> 0);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
