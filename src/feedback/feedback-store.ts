import { randomUUID } from 'node:crypto';
import type { Lang } from '../i18n/languages';
import type { Redactor } from '../privacy';
import type { DocumentCollection, StorageBackend, StoredDocument } from '../storage/ports';

export type FeedbackSentiment = 'positive' | 'negative';

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
  /** How the topic was found: named in the remark, the conversation's last one, or neither. */
  about: 'named' | 'conversation' | 'unknown';
  createdAt: string;
}

export type NewFeedback = Omit<FeedbackRecord, 'id' | 'version' | 'createdAt'>;

/**
 * Where feedback is kept. A port of its own (rather than the collection) so that retention,
 * export and deletion per user have one place to go to, on SQLite and MongoDB alike.
 */
export interface FeedbackStore {
  record(feedback: NewFeedback): Promise<FeedbackRecord>;
  /** Newest first. */
  list(query?: { topic?: string; limit?: number }): Promise<FeedbackRecord[]>;
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
      createdAt: this.clock().toISOString(),
    });
  }

  list(query: { topic?: string; limit?: number } = {}): Promise<FeedbackRecord[]> {
    return this.records.find({
      ...(query.topic ? { where: { topic: query.topic } } : {}),
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      limit: Math.min(query.limit ?? LIST_LIMIT, LIST_LIMIT),
    });
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
