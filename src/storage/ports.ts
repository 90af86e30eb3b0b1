import type { Storage } from 'botbuilder';
import type { TicketFiguresRow } from './ticket-figures';

/**
 * Everything FirstLine keeps goes through these ports. The embedded backend (SQLite) and the
 * MongoDB backend implement the same contract, checked by test/contract/storage.contract.ts.
 * All methods are async even where SQLite is synchronous, so backends are interchangeable.
 */

export type Direction = 'incoming' | 'outgoing';

/** One line of a conversation transcript, channel-agnostic. Text is stored already redacted. */
export interface TranscriptEntry {
  conversationId: string;
  channelId: string;
  direction: Direction;
  /** ISO-8601 timestamp taken when the entry was recorded. */
  at: string;
  activityId?: string;
  type: string;
  from: { id: string; name?: string; role: 'user' | 'bot' | 'technician' };
  text?: string;
  /** Compact description of attachments (card titles, button labels), never raw binaries. */
  attachments?: { contentType: string; summary: string }[];
  /** Files the user sent with this message, kept in `attachments` (the store) under these ids. */
  files?: { id: string; name: string; mediaType: string; size: number }[];
}

export interface StoredTranscriptEntry extends TranscriptEntry {
  /** Strictly increasing per conversation, from 1. */
  seq: number;
}

export interface TranscriptStore {
  append(entry: TranscriptEntry): Promise<StoredTranscriptEntry>;
  /**
   * Entries of one conversation, in this order with consecutive seqs, in one write (a turn's
   * lines: one statement on SQLite, one insert command on MongoDB when no other writer interleaves).
   */
  appendAll(entries: readonly TranscriptEntry[]): Promise<StoredTranscriptEntry[]>;
  /** Entries with seq > afterSeq, oldest first. */
  list(
    conversationId: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<StoredTranscriptEntry[]>;
  /** The conversations in which one of these ids wrote (`from.id`): a privacy request's reach. */
  conversationsWith(participantIds: readonly string[]): Promise<string[]>;
  /** Deletes every entry of these conversations; returns how many entries went. */
  deleteConversations(conversationIds: readonly string[]): Promise<number>;
  /** Deletes whole conversations whose newest entry is older than `before`; returns entries deleted. */
  purge(before: Date): Promise<number>;
}

export interface DirectLineConversation {
  id: string;
  /** Assigned by the server; the client never chooses it. */
  userId: string;
  createdAt: string;
}

/** A Bot Framework activity as Direct Line serves it; the index is its watermark. */
export interface DirectLineRecord {
  conversationId: string;
  /** 0-based position in the conversation's log; the watermark after it is index + 1. */
  index: number;
  activity: Record<string, unknown>;
}

export interface DirectLineStore {
  /** Rejects if the id exists, so a conversation can never be handed to another user. */
  createConversation(conversation: DirectLineConversation): Promise<void>;
  getConversation(id: string): Promise<DirectLineConversation | undefined>;
  /**
   * Appends atomically and assigns the next index, also across instances. `build` receives the
   * index so the stored activity can carry an id derived from it. `build` must be pure: when
   * another instance takes the same index first, it is called again with the next one. If it
   * throws, nothing is stored and no index is used.
   */
  appendActivity(
    conversationId: string,
    build: (index: number) => Record<string, unknown>,
  ): Promise<DirectLineRecord>;
  /** Activities with index >= fromIndex, oldest first. */
  listActivities(conversationId: string, fromIndex: number, limit?: number): Promise<DirectLineRecord[]>;
  /** The conversations handed to these user ids (privacy requests). */
  conversationsOf(userIds: readonly string[]): Promise<DirectLineConversation[]>;
  /** Deletes these conversations and their activities; returns how many activities went. */
  deleteConversations(conversationIds: readonly string[]): Promise<number>;
  /**
   * Deletes whole conversations whose newest activity (or, without any, their creation) is older
   * than `before`; returns how many conversations went.
   */
  purge(before: Date): Promise<number>;
}

/** botbuilder state plus what retention and privacy requests need. */
export interface BotStateStore extends Storage {
  /** Every stored key that passes `test` (keys are `<channel>/users/<id>`, `<channel>/conversations/<id>`). */
  keysMatching(test: (key: string) => boolean): Promise<string[]>;
  /** Deletes items not written since `before` (for good, with any history); returns how many keys. */
  purge(before: Date): Promise<number>;
  /** Deletes these keys for good, leaving no tombstone behind; returns how many existed. */
  erase(keys: readonly string[]): Promise<number>;
}

/**
 * Where the processing of one delivered item (an incoming activity) stands, as `begin` found it:
 * `first` nobody had it; `retake` an attempt began but its lease ran out before it finished (its
 * process died), so this caller processes it again; in both the caller processes it and then calls
 * `finish`. `running` another attempt holds a live lease (until `leaseUntil`, ms since the epoch);
 * `done` it was processed.
 */
export type Delivery =
  | { state: 'first' | 'retake'; finish(): Promise<void> }
  | { state: 'running'; leaseUntil: number }
  | { state: 'done' };

/** Remembers which keys were seen, so a retried activity is processed only once. */
export interface IdempotencyStore {
  /** True for the first caller with this key (within ttlMs), false for every later one. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Takes the processing of `key` for `leaseMs` unless another attempt holds a live lease or it was
   * processed; the key is remembered for `ttlMs`. Of concurrent callers exactly one gets `first` (or
   * `retake`). An ordinary delivery costs one write here and one in `finish`.
   */
  begin(key: string, leaseMs: number, ttlMs: number): Promise<Delivery>;
  /**
   * Keys starting with `prefix` of deliveries whose lease ran out unfinished after `since` (and by
   * `now`), the oldest first: their process died mid-turn. A hint only: `begin` decides who
   * processes a key, so one finished since it was listed is harmless.
   */
  stalled(prefix: string, since: number, now: number, limit: number): Promise<string[]>;
}

/** Named values shared by every instance, such as signing keys generated once per deployment. */
export interface SecretStore {
  /** Returns the stored value, or stores `create()` if there is none yet (first writer wins). */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/** Tells listeners that a conversation has new activities; fans out across instances. */
export interface ConversationSignals {
  notify(conversationId: string): void;
  subscribe(conversationId: string, listener: () => void): () => void;
}

/** How many requests a key may make per window. */
export interface RateBudget {
  points: number;
  durationSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Request budgets per key (client address, conversation), counted where every instance sees them. */
export interface RateLimiter {
  /** Spends one request of `key`'s budget, or says how long to wait when it is spent. */
  consume(key: string): Promise<RateDecision>;
}

/**
 * The technicians' worklist question as storage answers it (`src/tickets` builds it from its
 * TicketQuery). Lists mean "any of"; `assigneeId: null` asks for unassigned tickets; time ranges
 * are inclusive ISO-8601 strings.
 */
export interface WorklistQuery {
  status?: readonly string[];
  assigneeId?: string | null;
  team?: readonly string[];
  priority?: readonly string[];
  language?: readonly string[];
  category?: readonly string[];
  channelId?: readonly string[];
  /** A ticket without a type is an incident. */
  type?: readonly string[];
  userId?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  /** The next SLA due time not yet met is before this. */
  dueBefore?: string;
  /**
   * Search words (see `searchableTerm` in worklist.ts): each must be found in the ticket's number,
   * user or problem, or in its conversation's transcript. With `number`, that ticket matches too;
   * `number` alone asks for that ticket only.
   */
  terms?: readonly string[];
  number?: string;
  /** Assigned to this technician, or routed to one of these skills (lower case; '*' is every skill). */
  visibleTo?: { technicianId: string; skills: readonly string[] };
  sort: 'createdAt' | 'updatedAt' | 'priority' | 'dueAt';
  direction: 'asc' | 'desc';
  /** Continue after this sort key and id (the last of the previous page). */
  after?: { key: string; id: string };
  limit: number;
}

/** Tickets created in [createdFrom, createdBefore), with these exact fields when given. */
export interface TicketFiguresQuery {
  createdFrom: string;
  createdBefore: string;
  language?: string;
  channelId?: string;
  category?: string;
}

/** The worklist index of the `tickets` collection (see worklist.ts), kept in step by every write. */
export interface TicketWorklist {
  /** One page of ticket documents in the asked order. */
  find<T extends StoredDocument>(query: WorklistQuery): Promise<T[]>;
  /** The figures (ticket-figures.ts) of the tickets asked for, in no particular order. */
  figures(query: TicketFiguresQuery): Promise<TicketFiguresRow[]>;
}

export interface StorageBackend {
  readonly kind: 'sqlite' | 'mongodb';
  /**
   * botbuilder state (conversation and user state) with MemoryStorage's eTag rules: no eTag or
   * '*' overwrites, a stale eTag rejects, every write gets a new eTag. A multi-key write is
   * all-or-nothing on SQLite but key by key on MongoDB (no transactions).
   */
  readonly botState: BotStateStore;
  readonly transcripts: TranscriptStore;
  readonly directLine: DirectLineStore;
  readonly idempotency: IdempotencyStore;
  readonly secrets: SecretStore;
  readonly signals: ConversationSignals;
  /** The product's own records, by collection name (e.g. 'tickets', 'handoffs', 'technicians'). */
  collection<T extends StoredDocument>(name: string): DocumentCollection<T>;
  readonly counters: CounterStore;
  readonly events: EventLogStore;
  /** Files users sent (screenshots, logs), kept with their conversation. */
  readonly attachments: AttachmentStore;
  /** Tickets by the technicians' filters, search, sort and pages. */
  readonly worklist: TicketWorklist;
  /**
   * A budget named `name` (one per kind of request). On MongoDB it is shared by every instance;
   * should the database fail, each instance falls back to counting in memory rather than
   * refusing everyone.
   */
  rateLimiter(name: string, budget: RateBudget): RateLimiter;
  /**
   * Deletes what has expired by its own rule (rate counts past their window, idempotency keys past
   * their TTL, and on MongoDB old tombstones and placeholders); returns how many records went.
   */
  purgeExpired(): Promise<number>;
  /**
   * Runs one turn of a conversation (a channel's request, the bot's turn) with its reads cached: each
   * bot state item and document is read from the database once, and the records the conversation's
   * previous turn read are read together with the first one. Outside, every read goes to the database.
   */
  withinTurn<T>(conversationId: string, work: () => Promise<T>): Promise<T>;
  /** Resolves when the backend can serve requests; rejects otherwise (for /readyz). */
  ping(): Promise<void>;
  /** Flushes pending writes and releases connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * A stored record of one of the product's own kinds (tickets, handoffs, technicians, ...).
 * `version` starts at 1 and grows by one with every write; it makes updates conditional.
 */
export interface StoredDocument {
  id: string;
  version: number;
}

/**
 * Equality on top-level fields; a value given as `{ in: [...] }` matches any of them. Values must be
 * scalars (string, number, boolean, null): both backends compare them natively. `null` or
 * `undefined` matches a field that is absent or null. Field names are plain identifiers.
 */
export type Where<T> = { [K in keyof T]?: T[K] | { in: readonly T[K][] } };

export interface FindQuery<T> {
  where?: Where<T>;
  /**
   * Top-level scalar fields to sort by, in order; ties end sorted by id. Absent fields sort first
   * when ascending. Sort a field holding one type only (numbers and strings do not mix well).
   */
  orderBy?: { field: keyof T & string; direction: 'asc' | 'desc' }[];
  limit?: number;
  /** Only documents whose string field lies in [from, to) (ISO times compare as strings). */
  ranges?: FieldRange<T>[];
}

/** A half-open range on a top-level string field; either end may be left open. */
export interface FieldRange<T> {
  field: keyof T & string;
  from?: string;
  to?: string;
}

/**
 * How many documents share each combination of values (a report's counts), computed where the
 * documents are. `unwind` names nested arrays of objects, outermost first ('flows', then
 * 'flows.steps'): a document is then counted once per combination found among its elements, and
 * not at all when an array is empty or absent. `groupBy` holds dotted paths to scalars (null when
 * absent); a group counts each document once.
 */
export interface TallyQuery<T> {
  where?: Where<T>;
  ranges?: FieldRange<T>[];
  unwind?: string[];
  groupBy: string[];
}

export interface TallyGroup {
  key: (string | number | boolean | null)[];
  count: number;
}

/**
 * A collection of documents with the few operations every backend can make atomic: insert with a
 * unique id, and a conditional update that applies only when the stored document still matches
 * (compare-and-set: how a claim by one of many technicians wins exactly once).
 */
export interface DocumentCollection<T extends StoredDocument> {
  /** Stores a new document with version 1; rejects with a `DuplicateKeyError` when the id exists. */
  insert(document: Omit<T, 'version'>): Promise<T>;
  get(id: string): Promise<T | undefined>;
  /**
   * Applies `patch` (top-level fields; `undefined` removes a field) when the document exists and
   * matches `where`; returns the updated document, or undefined when nothing matched. Atomic
   * across instances: of many concurrent updates whose `where` the first one falsifies, exactly
   * one applies. Updates with a `where` that stays true all apply, one after the other.
   */
  update(id: string, where: Where<T>, patch: Partial<Omit<T, 'id' | 'version'>>): Promise<T | undefined>;
  /** The current state of the matching documents (never an older version of one). */
  find(query?: FindQuery<T>): Promise<T[]>;
  /** Counts per group (see TallyQuery), in no particular order. */
  tally(query: TallyQuery<T>): Promise<TallyGroup[]>;
  /** True when a document was deleted. The id can be inserted again, starting at version 1. */
  delete(id: string): Promise<boolean>;
}

/** Named, strictly increasing counters shared by every instance (ticket numbers). */
export interface CounterStore {
  next(name: string): Promise<number>;
}

/** An append-only stream of events with a global sequence per stream, for live views that resume. */
export interface EventLogStore {
  /**
   * Appends and returns the event's sequence number (strictly increasing per stream, from 1,
   * without gaps). Events are stored as JSON, so any field names are allowed.
   */
  append(stream: string, event: Record<string, unknown>): Promise<number>;
  /**
   * Events with seq > afterSeq, oldest first and contiguous: a reader that resumes from the last
   * seq it got never misses an event appended concurrently by another instance.
   */
  list(
    stream: string,
    afterSeq: number,
    limit?: number,
  ): Promise<{ seq: number; at: string; event: Record<string, unknown> }[]>;
  /**
   * Deletes the events of every stream appended before `before`, except each stream's newest,
   * which carries the numbering on. A reader resuming from a purged seq continues at the oldest
   * event kept. Returns how many were deleted.
   */
  purge(before: Date): Promise<number>;
  /**
   * Replaces the body of every event of `stream` that `matches` with `{ type: 'erased' }`, keeping
   * its seq so readers never meet a gap (privacy requests). Returns how many were replaced.
   */
  scrub(stream: string, matches: (event: Record<string, unknown>) => boolean): Promise<number>;
}

/** What a scrubbed event becomes: it keeps its place in the numbering and says nothing else. */
export const ERASED_EVENT = { type: 'erased' } as const;

/** The kinds of file FirstLine keeps, as decided from their content (never from name or declared type). */
export const ATTACHMENT_MEDIA_TYPES = ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** What is known about one stored file; the bytes are read separately. */
export interface AttachmentRecord {
  /** Random and unguessable; also the key technicians fetch it by (after an access check). */
  id: string;
  conversationId: string;
  /** The channel's id of the user who sent it (for privacy export and erasure). */
  userId: string;
  channelId: string;
  /** The file name as the user gave it, cleaned (no path, no control characters, redacted). */
  name: string;
  mediaType: AttachmentMediaType;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** ISO-8601; retention counts from here. */
  createdAt: string;
}

/** Files with their conversation. Content is at most a few MB; backends may store it in chunks. */
export interface AttachmentStore {
  /** Stores the file; rejects with a `DuplicateKeyError` when the id exists. */
  put(record: AttachmentRecord, content: Buffer): Promise<void>;
  get(id: string): Promise<AttachmentRecord | undefined>;
  /** The content, or undefined when the file is gone. */
  read(id: string): Promise<Buffer | undefined>;
  /** Oldest first. */
  listByConversation(conversationId: string): Promise<AttachmentRecord[]>;
  /** Oldest first. */
  listByUser(userId: string): Promise<AttachmentRecord[]>;
  /** Deletes every file of the conversation; returns how many. */
  deleteByConversation(conversationId: string): Promise<number>;
  /** Deletes every file the user sent; returns how many. */
  deleteByUser(userId: string): Promise<number>;
  /** Deletes files stored before `before` (retention); returns how many. */
  purge(before: Date): Promise<number>;
}

/** Raised by `DocumentCollection.insert` when the id is taken. */
export class DuplicateKeyError extends Error {
  constructor(collection: string, id: string) {
    super(`Storage: a document "${id}" already exists in "${collection}"`);
    this.name = 'DuplicateKeyError';
  }
}
