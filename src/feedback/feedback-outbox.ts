import { createHash } from 'node:crypto';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../storage/ports';

/** The ways a team is reached (content/taxonomy.yaml `teams`). */
export type DeliveryChannel = 'webhook' | 'teams' | 'email';

/** What a team receives about one piece of feedback: redacted, no user id or e-mail address. */
export interface FeedbackNotice {
  feedbackId: string;
  source: 'chat' | 'rating' | 'article';
  sentiment: 'positive' | 'negative';
  topic?: string;
  topicLabel?: string;
  team: string;
  articleId?: string;
  ticketNumber?: string;
  score?: number;
  language: string;
  channelId: string;
  text: string;
  createdAt: string;
}

/**
 * One delivery of one notice to one destination. Its id is the idempotency key the receiver
 * de-duplicates by: the same notice to the same destination always has the same id.
 */
export interface OutboxItem extends StoredDocument {
  feedbackId: string;
  channel: DeliveryChannel;
  /** The webhook URL, Teams channel id or e-mail address (never a secret). */
  target: string;
  /** For a webhook: the name of its signing secret in FEEDBACK_WEBHOOK_SECRETS. */
  secretName?: string;
  notice: FeedbackNotice;
  state: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  /** When the next attempt is due (ISO); a `sending` item whose claim ran out is due again. */
  dueAt: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

export type NewOutboxItem = Pick<OutboxItem, 'channel' | 'target' | 'secretName' | 'notice'>;

export const FEEDBACK_OUTBOX_COLLECTION = 'feedback_outbox';
const DUE_BATCH = 50;
const PURGE_BATCH = 200;

/**
 * The feedback outbox: a notice is written here first and sent later by the delivery job, so a
 * receiver that is down loses nothing. Every attempt is claimed by a conditional write on the
 * item's version, so of two instances only one sends it.
 */
export class FeedbackOutbox {
  private readonly items: DocumentCollection<OutboxItem>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly clock: () => Date,
  ) {
    this.items = feedbackOutboxCollection(storage);
  }

  /** Adds the item unless the same notice to the same destination is already there. */
  async enqueue(item: NewOutboxItem): Promise<OutboxItem | undefined> {
    const now = this.clock().toISOString();
    try {
      return await this.items.insert({
        ...item,
        id: outboxItemId(item),
        feedbackId: item.notice.feedbackId,
        state: 'pending',
        attempts: 0,
        dueAt: now,
        createdAt: now,
      });
    } catch (error) {
      if (error instanceof DuplicateKeyError) return undefined;
      throw error;
    }
  }

  /** Items whose attempt is due now: pending ones, and claims left by an instance that died. */
  async due(): Promise<OutboxItem[]> {
    const now = this.clock().toISOString();
    const found = await this.items.find({
      where: { state: { in: ['pending', 'sending'] } },
      orderBy: [{ field: 'dueAt', direction: 'asc' }],
      limit: DUE_BATCH,
    });
    return found.filter((item) => item.dueAt <= now);
  }

  /**
   * Takes one attempt at the item for `claimMs`: the write applies only if nobody changed the
   * item since it was read, so exactly one of several instances gets it.
   */
  claim(item: OutboxItem, claimMs: number): Promise<OutboxItem | undefined> {
    const until = new Date(this.clock().getTime() + claimMs).toISOString();
    return this.items.update(
      item.id,
      { version: item.version },
      { state: 'sending', attempts: item.attempts + 1, dueAt: until },
    );
  }

  sent(claimed: OutboxItem): Promise<OutboxItem | undefined> {
    return this.items.update(
      claimed.id,
      { version: claimed.version },
      { state: 'sent', sentAt: this.clock().toISOString(), lastError: undefined },
    );
  }

  /** Another attempt after `retryInMs`, or none when `retryInMs` is undefined (given up). */
  failed(claimed: OutboxItem, error: string, retryInMs: number | undefined): Promise<OutboxItem | undefined> {
    const next = retryInMs === undefined ? undefined : new Date(this.clock().getTime() + retryInMs);
    return this.items.update(
      claimed.id,
      { version: claimed.version },
      {
        state: next ? 'pending' : 'failed',
        lastError: error.slice(0, 300),
        ...(next ? { dueAt: next.toISOString() } : {}),
      },
    );
  }

  /** The deliveries of one piece of feedback (the inbox shows how each went). */
  forFeedback(feedbackIds: readonly string[]): Promise<OutboxItem[]> {
    if (feedbackIds.length === 0) return Promise.resolve([]);
    return this.items.find({ where: { feedbackId: { in: feedbackIds } } });
  }

  get(id: string): Promise<OutboxItem | undefined> {
    return this.items.get(id);
  }
}

export function outboxItemId(item: Pick<OutboxItem, 'channel' | 'target' | 'notice'>): string {
  const destination = createHash('sha256').update(item.target).digest('hex').slice(0, 16);
  return `${item.notice.feedbackId}:${item.channel}:${destination}`;
}

export function feedbackOutboxCollection(
  storage: Pick<StorageBackend, 'collection'>,
): DocumentCollection<OutboxItem> {
  return storage.collection<OutboxItem>(FEEDBACK_OUTBOX_COLLECTION);
}

/** Deletes the items created before `before` (sent, given up or not); returns how many. */
export async function purgeFeedbackOutbox(
  items: DocumentCollection<OutboxItem>,
  before: Date,
): Promise<number> {
  const cutoff = before.toISOString();
  let deleted = 0;
  for (;;) {
    const oldest = await items.find({
      orderBy: [{ field: 'createdAt', direction: 'asc' }],
      limit: PURGE_BATCH,
    });
    const expired = oldest.filter((item) => item.createdAt < cutoff);
    for (const item of expired) if (await items.delete(item.id)) deleted += 1;
    if (expired.length < PURGE_BATCH) return deleted;
  }
}
