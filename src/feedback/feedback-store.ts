import { randomUUID } from 'node:crypto';
import type { Lang } from '../i18n/languages';
import type { Redactor } from '../privacy';
import type { DocumentCollection, StorageBackend, StoredDocument, Where } from '../storage/ports';

export type FeedbackSentiment = 'positive' | 'negative';
/** Where the remark came from: said in chat, a comment left with a rating, an article marked unhelpful. */
export type FeedbackSource = 'chat' | 'rating' | 'article';
/** The inbox's workflow: a lead acknowledges feedback, then marks it done. */
export const FEEDBACK_STATUSES = ['new', 'acknowledged', 'done'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** One remark of a user about the help they got ("the VPN guide was useless"). */
export interface FeedbackRecord extends StoredDocument {
  userId: string;
  conversationId: string;
  channelId: string;
  language: Lang;
  sentiment: FeedbackSentiment;
  /** What the user wrote, secrets removed. */
  text: string;
  /** The taxonomy topic the remark is about, when the user named it or the chat had one. */
  topic?: string;
  /** The article the conversation last suggested, when the remark is about it. */
  articleId?: string;
  /**
   * How the topic was found: named in the remark, the conversation's last one, the knowledge
   * base's best match for the text, or none of them.
   */
  about: 'named' | 'conversation' | 'matched' | 'unknown';
  /** Absent on records kept before routing existed: chat. */
  source?: FeedbackSource;
  /** The topic's owning team (content/taxonomy.yaml), which the feedback was sent to. */
  team?: string;
  /** A rating's ticket and score. */
  ticketNumber?: string;
  score?: number;
  /** Absent on records kept before the inbox existed: new. */
  status?: FeedbackStatus;
  statusBy?: string;
  statusAt?: string;
  createdAt: string;
}

export type NewFeedback = Omit<
  FeedbackRecord,
  'id' | 'version' | 'createdAt' | 'status' | 'statusBy' | 'statusAt'
>;

export interface FeedbackQuery {
  topic?: string;
  team?: string;
  status?: FeedbackStatus;
  source?: FeedbackSource;
  limit?: number;
}

/**
 * Where feedback is kept. A port of its own (rather than the collection) so that retention,
 * export and deletion per user have one place to go to, on SQLite and MongoDB alike.
 */
export interface FeedbackStore {
  record(feedback: NewFeedback): Promise<FeedbackRecord>;
  /** Newest first. */
  list(query?: FeedbackQuery): Promise<FeedbackRecord[]>;
  get(id: string): Promise<FeedbackRecord | undefined>;
  /**
   * Moves the record on in the inbox (new → acknowledged → done) by a conditional write; undefined
   * when it does not exist, `conflict` when it is not in a status that may move to `status`.
   */
  setStatus(id: string, status: FeedbackStatus, by: string): Promise<FeedbackRecord | 'conflict' | undefined>;
  /** Everything one user said, for a data export. */
  forUser(userId: string): Promise<FeedbackRecord[]>;
  /** Deletes everything one user said; returns how many records went. */
  deleteForUser(userId: string): Promise<number>;
  /** Deletes the records created before `before` (the retention period); returns how many. */
  purgeOlderThan(before: Date): Promise<number>;
}

export const FEEDBACK_COLLECTION = 'feedback';
/** Longer remarks are cut: feedback is a sentence, and the record must stay small. */
export const MAX_FEEDBACK_CHARS = 1000;
const PURGE_BATCH = 200;
const LIST_LIMIT = 500;

/** The feedback store on the storage backend's document collections (SQLite or MongoDB). */
export class DocumentFeedbackStore implements FeedbackStore {
  private readonly records: DocumentCollection<FeedbackRecord>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly redactor: Redactor,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.records = feedbackCollection(storage);
  }

  record(feedback: NewFeedback): Promise<FeedbackRecord> {
    // The message was redacted on arrival; redacting again here keeps the store safe whoever calls it.
    const text = this.redactor.redact(feedback.text.slice(0, MAX_FEEDBACK_CHARS)).text;
    return this.records.insert({
      ...feedback,
      text,
      id: randomUUID(),
      status: 'new',
      createdAt: this.clock().toISOString(),
    });
  }

  list(query: FeedbackQuery = {}): Promise<FeedbackRecord[]> {
    const where: Where<FeedbackRecord> = {};
    if (query.topic) where.topic = query.topic;
    if (query.team) where.team = query.team;
    if (query.status) where.status = query.status;
    if (query.source) where.source = query.source;
    return this.records.find({
      where,
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      limit: Math.min(query.limit ?? LIST_LIMIT, LIST_LIMIT),
    });
  }

  get(id: string): Promise<FeedbackRecord | undefined> {
    return this.records.get(id);
  }

  async setStatus(
    id: string,
    status: FeedbackStatus,
    by: string,
  ): Promise<FeedbackRecord | 'conflict' | undefined> {
    const current = await this.records.get(id);
    if (!current) return undefined;
    const from = FEEDBACK_STATUSES.indexOf(current.status ?? 'new');
    // Only forwards: an item done stays done, and a repeated click changes nothing.
    if (FEEDBACK_STATUSES.indexOf(status) <= from) return 'conflict';
    const updated = await this.records.update(
      id,
      { version: current.version },
      { status, statusBy: by, statusAt: this.clock().toISOString() },
    );
    return updated ?? 'conflict';
  }

  forUser(userId: string): Promise<FeedbackRecord[]> {
    return this.records.find({ where: { userId }, orderBy: [{ field: 'createdAt', direction: 'asc' }] });
  }

  async deleteForUser(userId: string): Promise<number> {
    let deleted = 0;
    for (const record of await this.forUser(userId)) if (await this.records.delete(record.id)) deleted += 1;
    return deleted;
  }

  purgeOlderThan(before: Date): Promise<number> {
    return purgeFeedback(this.records, before);
  }

  /** Everything kept about these users or conversations (a privacy export or erasure). */
  async about(subject: {
    userIds: readonly string[];
    conversationIds: readonly string[];
  }): Promise<FeedbackRecord[]> {
    return feedbackAbout(this.records, subject);
  }
}

/** The feedback collection of a storage backend, for the retention job and privacy requests. */
export function feedbackCollection(
  storage: Pick<StorageBackend, 'collection'>,
): DocumentCollection<FeedbackRecord> {
  return storage.collection<FeedbackRecord>(FEEDBACK_COLLECTION);
}

/** Deletes the records created before `before`; returns how many. */
export async function purgeFeedback(
  records: DocumentCollection<FeedbackRecord>,
  before: Date,
): Promise<number> {
  const cutoff = before.toISOString();
  let deleted = 0;
  for (;;) {
    // Oldest first: a batch that reaches the cutoff is the last one.
    const oldest = await records.find({
      orderBy: [{ field: 'createdAt', direction: 'asc' }],
      limit: PURGE_BATCH,
    });
    const expired = oldest.filter((r) => r.createdAt < cutoff);
    for (const record of expired) if (await records.delete(record.id)) deleted += 1;
    if (expired.length < PURGE_BATCH) return deleted;
  }
}

/** The records of any of these users or conversations, oldest first, each once. */
export async function feedbackAbout(
  records: DocumentCollection<FeedbackRecord>,
  subject: { userIds: readonly string[]; conversationIds: readonly string[] },
): Promise<FeedbackRecord[]> {
  const found = new Map<string, FeedbackRecord>();
  const add = (list: FeedbackRecord[]) => list.forEach((r) => found.set(r.id, r));
  if (subject.userIds.length > 0) add(await records.find({ where: { userId: { in: subject.userIds } } }));
  if (subject.conversationIds.length > 0)
    add(await records.find({ where: { conversationId: { in: subject.conversationIds } } }));
  return [...found.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
