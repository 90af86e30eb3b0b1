import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter, Sort } from 'mongodb';
import {
  applyPatch,
  bodyOf,
  checkCollectionName,
  checkLimit,
  cloneBody,
  conditions,
  isScalar,
  matches,
  sortKeys,
  toDocument,
  type Body,
  type Condition,
  type Scalar,
} from '../document-rules';
import { checkRanges, checkTally, Tallier, type CheckedRange } from '../document-tally';
import { KeyedMutex } from '../keyed-mutex';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type FindQuery,
  type StoredDocument,
  type TallyGroup,
  type TallyQuery,
  type Where,
} from '../ports';
import { isDuplicateKey } from './mongo-errors';
import type { RevisionStripper } from './revision-stripper';
import type { TickInserts } from './tick-inserts';
import { COLLECTIONS } from './mongo-schema';
import type { MongoDocumentIndex } from './mongo-worklist';

/** One revision of one document; the newest `rev` of an id is the document. */
export interface Revision {
  /** JSON of [collection, id, rev]: lookups by _id are the only ones FerretDB 1.24 pushes down. */
  _id: string;
  collection: string;
  id: string;
  /** Unique per (collection, id) under an index: inserting rev n + 1 is the compare-and-set. */
  rev: number;
  /** The caller's version (restarts at 1 when a deleted id is inserted again); absent on tombstones. */
  version?: number;
  /** The body as JSON text: field names inside (facts, card data) may hold '.' or '$'. */
  json?: string;
  /** Copies of the body's top-level scalars, for where and orderBy on the server. */
  d?: Record<string, Scalar>;
  /** A delete is a revision too, so an update that read the document before it conflicts. */
  deleted?: true;
  /** Superseded: the body is gone, only the number stays taken (until REVISION_GRACE_MS). */
  old?: true;
  /** The stamp announced before this revision was written (collections with RevisionStamps only). */
  stamp?: string;
  at: Date;
}

export interface MongoDocumentsOptions {
  /**
   * Serialise writes to one id inside this process (default). Only tests turn it off, to race
   * the unique index itself with many writers from one client.
   */
  serializeInProcess?: boolean;
  /** Strips superseded revisions in batches (the backend's); without it each write strips its own at once. */
  stripper?: RevisionStripper;
  /** Sends the revisions written in one tick (by any collection) as one insert (the backend's). */
  inserts?: TickInserts<Revision>;
  /** Lets a turn know its cached revision of a document is the newest without looking it up. */
  stamps?: RevisionStamps;
}

/**
 * A stamp per document, kept where a turn's first read fetches it anyway (beside the conversation's
 * bot state), for a collection every turn reads: each write changes the stamp before it inserts
 * its revision, which carries the stamp (a delete removes the stamp first). So when the stamp a turn
 * fetched is the one the revision known here carries, no revision was written after it, and the
 * lookup of its successor is skipped; an id known absent while there is no stamp is absent still
 * (within ABSENCE_TRUSTED_MS of that finding: a stamp removed by a delete that then failed could
 * otherwise hide a live document for longer).
 */
export interface RevisionStamps {
  /** The stamp as this turn's reads fetched it (null: none), or undefined when not fetched. */
  fetched(id: string): Promise<string | null | undefined>;
  /** Sets a new stamp (undefined: removes it) before a revision is written. */
  set(id: string, stamp: string | undefined): Promise<void>;
}

/** Retries of a write whose revision another writer took; each retry re-reads and re-checks. */
const MAX_ATTEMPTS = 200;
const KNOWN_LIMIT = 10_000;
/** How long a revision read is trusted as the newest when rev + 1 is absent; far below a day. */
const KNOWN_TRUSTED_MS = 60 * 60 * 1000;
const SAFE_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** How long an id found absent is checked by a lookup of its revision 1 alone; below REVISION_GRACE_MS. */
const ABSENCE_TRUSTED_MS = 10 * 60 * 1000;

/**
 * Superseded revisions are kept as small placeholders (no body) for this long, so that their
 * numbers cannot be inserted again by a writer that read an older revision and lagged behind.
 */
export const REVISION_GRACE_MS = 60 * 60 * 1000;

/**
 * Documents on MongoDB and FerretDB as revisions. FerretDB 1.24 runs conditional updates as
 * read-then-write (2 of 30 concurrent writers got through), so a write reads the newest
 * revision, checks `where` against it here, and inserts revision + 1 under the unique
 * (collection, id, rev) index: of all writers that read the same revision exactly one insert
 * succeeds, the others re-read and re-check. The winner then strips the older revisions to
 * placeholders; they keep their numbers taken until the retention purge, so a slow writer can
 * never slip a revision into a freed number. Readers take only the newest revision of each id.
 */
export class MongoDocuments<T extends StoredDocument> implements DocumentCollection<T> {
  private readonly revisions: Collection<Revision>;
  private readonly mutex = new KeyedMutex();
  /** Last revision number seen per id: where latest() starts stepping. */
  /**
   * The newest revision seen per id, content included: revisions never change once written (only
   * superseded ones are stripped), so while rev + 1 does not exist the one known is current.
   */
  private readonly knownRev = new Map<string, { revision: Revision; seenAt: number }>();
  /** Ids found to have no revision at all, and when (see trustedAbsence). */
  private readonly knownAbsent = new Map<string, number>();

  constructor(
    db: Db,
    private readonly name: string,
    private readonly options: MongoDocumentsOptions = {},
    /** Told of every write once stored (the tickets' worklist). */
    private readonly index?: MongoDocumentIndex,
  ) {
    checkCollectionName(name);
    this.revisions = db.collection<Revision>(COLLECTIONS.documents);
  }

  async insert(document: Omit<T, 'version'>): Promise<T> {
    const body = cloneBody(bodyOf(document as Record<string, unknown>));
    const id = (document as { id: string }).id;
    return this.serialized(id, async () => {
      const latest = await this.latest(id);
      if (latest && !latest.deleted) throw new DuplicateKeyError(this.name, id);
      const written = await this.write(id, (latest?.rev ?? 0) + 1, { version: 1, body });
      if (!written) throw new DuplicateKeyError(this.name, id);
      return toDocument<T>(id, 1, body);
    });
  }

  async get(id: string): Promise<T | undefined> {
    const latest = await this.latest(id);
    return latest ? live<T>(latest) : undefined;
  }

  async update(
    id: string,
    where: Where<T>,
    patch: Partial<Omit<T, 'id' | 'version'>>,
  ): Promise<T | undefined> {
    const condition = conditions(where);
    // Checked up front, so a bad patch fails before anything is read.
    applyPatch({}, patch as Record<string, unknown>);
    return this.serialized(id, async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        // First from the revision last seen, unread: if another writer has gone past it, the
        // insert of its successor is refused and the next attempt reads.
        const unread = attempt === 1 ? this.trusted(id) : undefined;
        const latest = unread ?? (await this.latest(id));
        const current = latest ? live<T>(latest) : undefined;
        if (!latest || !current || !matches(current as unknown as Body, condition)) {
          if (unread) continue; // "no match" is only ever decided on a revision read now
          return undefined;
        }
        const body = applyPatch(bodyOfRevision(latest), patch as Record<string, unknown>);
        const version = current.version + 1;
        if (await this.write(id, latest.rev + 1, { version, body })) {
          return toDocument<T>(id, version, cloneBody(body));
        }
      }
      throw new Error(`Storage: gave up updating ${this.name}/${id} after ${MAX_ATTEMPTS} conflicts`);
    });
  }

  async find(query: FindQuery<T> = {}): Promise<T[]> {
    const filter = this.filterOf(query);
    const order: Record<string, 1 | -1> = {};
    for (const { field, direction } of sortKeys(query)) order[fieldPath(field)] = direction;
    const sort: Sort = { ...order, ...('id' in order ? {} : { id: 1 }), rev: -1 };
    const limit = checkLimit(query.limit);
    if (limit === 0) return [];
    // Older revisions may match too, so ask for a little more and widen if they took places.
    for (let fetch = limit === undefined ? 0 : limit + 8; ; fetch *= 2) {
      const cursor = this.revisions.find(filter, { projection: { _id: 0 } }).sort(sort);
      if (fetch > 0) cursor.limit(fetch);
      const candidates = await cursor.toArray();
      const current = await this.newestOnly(candidates);
      const done = limit === undefined || current.length >= limit || candidates.length < fetch;
      if (done) return current.slice(0, limit).map((revision) => live<T>(revision) as T);
    }
  }

  /**
   * Selected on the server by the top-level scalars, counted here: FerretDB 1.24 has no $facet and
   * the arrays live only in the body's JSON. Only the fields the count needs are fetched.
   */
  async tally(query: TallyQuery<T>): Promise<TallyGroup[]> {
    const checked = checkTally(query);
    const tallier = new Tallier(checked);
    const candidates = await this.revisions
      .find(this.filterOf(query), { projection: { _id: 0, id: 1, rev: 1, json: 1 } })
      .toArray();
    for (const revision of await this.newestOnly(candidates))
      tallier.add(revision.id, bodyOfRevision(revision));
    return tallier.result();
  }

  /**
   * The ids of the documents stored now, without their bodies: each id's newest revision not yet
   * stripped, unless that is a tombstone (a revision whose strip was lost may make a deleted id
   * look live until its tombstone is purged; callers that need certainty read the id).
   */
  async liveIds(): Promise<string[]> {
    const newest = new Map<string, { rev: number; deleted: boolean }>();
    const cursor = this.revisions.find(
      { collection: this.name, old: { $exists: false } },
      { projection: { _id: 0, id: 1, rev: 1, deleted: 1 } },
    );
    for await (const { id, rev, deleted } of cursor) {
      if ((newest.get(id)?.rev ?? 0) < rev) newest.set(id, { rev, deleted: deleted === true });
    }
    return [...newest].filter(([, revision]) => !revision.deleted).map(([id]) => id);
  }

  private filterOf(query: Pick<FindQuery<T>, 'where' | 'ranges'>): Filter<Revision> {
    const filter: Filter<Revision> = {
      collection: this.name,
      deleted: { $exists: false },
      old: { $exists: false },
    };
    for (const condition of conditions(query.where)) Object.assign(filter, serverCondition(condition));
    for (const range of checkRanges(query.ranges)) Object.assign(filter, serverRange(range));
    return filter;
  }

  async delete(id: string): Promise<boolean> {
    return this.serialized(id, async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const latest = await this.latest(id);
        if (!latest || latest.deleted) return false;
        if (await this.write(id, latest.rev + 1, 'deleted')) return true;
      }
      throw new Error(`Storage: gave up deleting ${this.name}/${id} after ${MAX_ATTEMPTS} conflicts`);
    });
  }

  /** Inserts revision `rev`; false when another writer holds it (the caller re-reads). */
  private async write(
    id: string,
    rev: number,
    content: { version: number; body: Body } | 'deleted',
  ): Promise<boolean> {
    let stamp: string | undefined;
    if (this.options.stamps) {
      stamp = content === 'deleted' ? undefined : randomUUID();
      await this.options.stamps.set(id, stamp);
    }
    const at = new Date();
    const revision: Revision =
      content === 'deleted'
        ? { _id: this.key(id, rev), collection: this.name, id, rev, deleted: true, at }
        : {
            ...{ _id: this.key(id, rev), collection: this.name, id, rev, version: content.version, at },
            ...{ json: JSON.stringify(content.body), d: scalars(content.body) },
          };
    if (stamp !== undefined) revision.stamp = stamp;
    if (!(await this.insertRevision(revision))) return false;
    this.remember(revision);
    if (this.index) {
      if (content === 'deleted') await this.index.deleted(id);
      else await this.index.written(id, content.version, content.body);
    }
    // Best effort (the writer before us did the same for the one before): readers check for the
    // newest revision anyway, this only keeps queries small.
    if (rev > 1) {
      const previous = this.key(id, rev - 1);
      if (this.options.stripper) this.options.stripper.strip(previous);
      else
        await this.revisions.updateOne(
          { _id: previous },
          { $set: { old: true }, $unset: { json: '', d: '' } },
        );
    }
    return true;
  }

  /** False when another writer holds its number. */
  private async insertRevision(revision: Revision): Promise<boolean> {
    if (this.options.inserts) return this.options.inserts.insert(revision);
    try {
      await this.revisions.insertOne(revision);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * The newest revision. Revisions are numbered without gaps (n + 1 is only written after n),
   * so from a known one we step forward by _id until the next is missing; lookups by _id are
   * cheap on both servers. Without a known revision (or when it was purged), one sorted query.
   */
  private async latest(id: string): Promise<Revision | null> {
    const fresh = this.trusted(id) ?? this.trustedAbsence(id);
    // Asked even with nothing known: the stamp is then fetched by the conversation's next turn.
    const stamp = this.options.stamps && (await this.options.stamps.fetched(id));
    if (fresh && stamp !== undefined && stampConfirms(fresh, stamp)) return fresh.rev === 0 ? null : fresh;
    let revision = fresh === undefined ? null : await this.stepForward(id, fresh);
    if (revision?.rev === 0) return null; // still absent: no revision 1 yet
    // A placeholder is never the newest for long: its successor may have been purged meanwhile.
    if (!revision || revision.old) {
      revision = await this.revisions.findOne({ collection: this.name, id }, { sort: { rev: -1 } });
      if (revision) revision = await this.stepForward(id, revision);
    }
    if (revision) this.remember(revision);
    else this.rememberAbsence(id);
    return revision;
  }

  /**
   * An id the sorted query found no revision of, as a revision 0 to step forward from: its first
   * revision is number 1, and a revision written after that query is not purged within the hour
   * (a placeholder lives REVISION_GRACE_MS from its own write), so while revision 1 is missing by
   * _id the id is still absent. Saves the collection-wide query for records most conversations
   * never get (such as a conversation's owner, read by every turn).
   */
  private trustedAbsence(id: string): Revision | undefined {
    const seenAt = this.knownAbsent.get(id);
    if (seenAt === undefined) return undefined;
    if (Date.now() - seenAt < ABSENCE_TRUSTED_MS) return absentRevision(this.name, id);
    this.knownAbsent.delete(id);
    return undefined;
  }

  private rememberAbsence(id: string): void {
    this.knownRev.delete(id);
    this.knownAbsent.delete(id);
    this.knownAbsent.set(id, Date.now());
    if (this.knownAbsent.size > KNOWN_LIMIT) {
      const oldest = this.knownAbsent.keys().next();
      if (!oldest.done) this.knownAbsent.delete(oldest.value);
    }
  }

  /**
   * The newest revision seen, trusted for less time than a tombstone lives: a successor that was a
   * tombstone is never purged (after a day) while the revision before it is still trusted here.
   */
  private trusted(id: string): Revision | undefined {
    const known = this.knownRev.get(id);
    const fresh = known && !known.revision.old && Date.now() - known.seenAt < KNOWN_TRUSTED_MS;
    return fresh ? known.revision : undefined;
  }

  /** From a revision read before, the newest: one lookup by _id when nothing was written since. */
  private async stepForward(id: string, from: Revision): Promise<Revision | null> {
    let revision = from;
    for (;;) {
      const next = await this.revisions.findOne({ _id: this.key(id, revision.rev + 1) });
      if (!next) return revision;
      revision = next;
    }
  }

  private key(id: string, rev: number): string {
    return JSON.stringify([this.name, id, rev]);
  }

  private remember(revision: Revision): void {
    this.knownAbsent.delete(revision.id);
    this.knownRev.delete(revision.id);
    this.knownRev.set(revision.id, { revision, seenAt: Date.now() });
    if (this.knownRev.size > KNOWN_LIMIT) {
      const oldest = this.knownRev.keys().next();
      if (!oldest.done) this.knownRev.delete(oldest.value);
    }
  }

  /** Keeps the candidates that are their document's newest revision, in the given order. */
  private async newestOnly(candidates: Revision[]): Promise<Revision[]> {
    if (candidates.length === 0) return [];
    const ids = [...new Set(candidates.map((revision) => revision.id))];
    const newest = new Map<string, number>();
    const cursor = this.revisions.find(
      { collection: this.name, id: { $in: ids } },
      { projection: { _id: 0, id: 1, rev: 1 } },
    );
    for await (const { id, rev } of cursor) newest.set(id, Math.max(rev, newest.get(id) ?? 0));
    return candidates.filter((revision) => newest.get(revision.id) === revision.rev);
  }

  private serialized<R>(id: string, task: () => Promise<R>): Promise<R> {
    return this.options.serializeInProcess === false ? task() : this.mutex.run(id, task);
  }
}

/**
 * True when the stamp a turn fetched (null: none) shows that `known` is still the newest revision
 * (or, for an id known absent, that there is still none). Not a finding of its own: the trust in
 * `known` keeps its age, so a turn without the stamp at hand looks the revision up as before.
 */
function stampConfirms(known: Revision, stamp: string | null): boolean {
  return known.rev === 0 ? stamp === null : known.stamp !== undefined && known.stamp === stamp;
}

/** Stands for "no revision yet" in latest(): never stored, never returned. */
function absentRevision(collection: string, id: string): Revision {
  return { _id: '', collection, id, rev: 0, at: new Date(0) };
}

function bodyOfRevision(revision: Revision): Body {
  return JSON.parse(revision.json ?? '{}') as Body;
}

function live<T extends StoredDocument>(revision: Revision): T | undefined {
  if (revision.deleted || revision.old || revision.version === undefined) return undefined;
  return toDocument<T>(revision.id, revision.version, bodyOfRevision(revision));
}

function scalars(body: Body): Record<string, Scalar> {
  const result: Record<string, Scalar> = {};
  for (const [field, value] of Object.entries(body)) {
    if (SAFE_FIELD.test(field) && isScalar(value)) result[field] = value;
  }
  return result;
}

function fieldPath(field: string): string {
  return field === 'id' || field === 'version' ? field : `d.${field}`;
}

/** null matches an absent field on MongoDB, as json_extract's NULL does on SQLite. */
function serverCondition({ field, values }: Condition): Filter<Revision> {
  const path = fieldPath(field);
  return values.length === 1 ? { [path]: values[0] } : { [path]: { $in: values } };
}

/** Comparing with strings selects strings only (MongoDB's type bracketing), as on SQLite. */
function serverRange({ field, from, to }: CheckedRange): Filter<Revision> {
  const bounds: Record<string, unknown> = { $type: 'string' };
  if (from !== undefined) bounds.$gte = from;
  if (to !== undefined) bounds.$lt = to;
  return { [fieldPath(field)]: bounds };
}

/**
 * Deletes placeholders older than REVISION_GRACE_MS and tombstones older than `tombstonesBefore`
 * (a tombstone outlives the placeholders below it, so the newest revision is never a placeholder
 * for long). Returns how many revisions went.
 */
export async function purgeRevisions(db: Db, now: number, tombstonesBefore: Date): Promise<number> {
  const revisions = db.collection<Revision>(COLLECTIONS.documents);
  const placeholders = await revisions.deleteMany({
    old: true,
    at: { $lt: new Date(now - REVISION_GRACE_MS) },
  });
  const tombstones = await revisions.deleteMany({ deleted: true, at: { $lt: tombstonesBefore } });
  return placeholders.deletedCount + tombstones.deletedCount;
}
