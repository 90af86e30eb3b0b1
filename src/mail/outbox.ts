import { randomUUID } from 'node:crypto';
import type { DocumentCollection, StorageBackend, StoredDocument } from '../storage/ports';
import type { MailMessage } from './sender';

/**
 * One outgoing e-mail, kept until it is sent or given up: the message as its caller rendered and
 * redacted it (with the Message-ID it goes out with, so a retry is the same message).
 */
export interface OutboxMail extends StoredDocument {
  message: MailMessage & { messageId: string };
  state: 'sending' | 'pending' | 'sent' | 'failed';
  attempts: number;
  /** When the next attempt is due (ISO); a `sending` row whose claim ran out is due again. */
  dueAt: string;
  createdAt: string;
  sentAt?: string;
  /** The SMTP error's code (e.g. ECONNECTION, 550): never the server's text, which may name addresses. */
  lastError?: string;
}

export const MAIL_OUTBOX_COLLECTION = 'mail_outbox';
export const OUTBOX_STATES = ['sending', 'pending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** A page of the outbox, newest first; `after` is the previous page's last row. */
export interface OutboxPageQuery {
  state?: OutboxState;
  limit: number;
  after?: { createdAt: string; id: string };
}
const DUE_BATCH = 50;
const PURGE_BATCH = 200;

/**
 * The mail outbox: every e-mail is written here before the first attempt, so an SMTP server that
 * is down loses nothing. Each attempt is claimed by a conditional write on the row's version (the
 * first by the insert itself), so of several instances only one sends it.
 */
export class MailOutbox {
  private readonly rows: DocumentCollection<OutboxMail>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly clock: () => Date,
    /** How long a claimed attempt may take before another instance may retry it. */
    private readonly claimMs: number,
  ) {
    this.rows = storage.collection<OutboxMail>(MAIL_OUTBOX_COLLECTION);
  }

  /** Stores the message already claimed for its first attempt by this instance. */
  add(message: OutboxMail['message']): Promise<OutboxMail> {
    const now = this.clock();
    return this.rows.insert({
      id: randomUUID(),
      message,
      state: 'sending',
      attempts: 1,
      dueAt: new Date(now.getTime() + this.claimMs).toISOString(),
      createdAt: now.toISOString(),
    });
  }

  /** Rows whose attempt is due now: waiting retries, and claims left by an instance that died. */
  async due(): Promise<OutboxMail[]> {
    // Ranges end before `to`: one millisecond on, a row due exactly now is included.
    const upTo = new Date(this.clock().getTime() + 1).toISOString();
    return this.rows.find({
      where: { state: { in: ['pending', 'sending'] } },
      ranges: [{ field: 'dueAt', to: upTo }],
      orderBy: [{ field: 'dueAt', direction: 'asc' }],
      limit: DUE_BATCH,
    });
  }

  /** Takes the next attempt: applies only if nobody changed the row since it was read. */
  claim(row: OutboxMail): Promise<OutboxMail | undefined> {
    const until = new Date(this.clock().getTime() + this.claimMs).toISOString();
    return this.rows.update(
      row.id,
      { version: row.version },
      { state: 'sending', attempts: row.attempts + 1, dueAt: until },
    );
  }

  sent(claimed: OutboxMail): Promise<OutboxMail | undefined> {
    return this.rows.update(
      claimed.id,
      { version: claimed.version },
      { state: 'sent', sentAt: this.clock().toISOString(), lastError: undefined },
    );
  }

  /** Another attempt after `retryInMs`, or none when `retryInMs` is undefined (given up). */
  failed(claimed: OutboxMail, error: string, retryInMs: number | undefined): Promise<OutboxMail | undefined> {
    const next = retryInMs === undefined ? undefined : new Date(this.clock().getTime() + retryInMs);
    return this.rows.update(
      claimed.id,
      { version: claimed.version },
      {
        state: next ? 'pending' : 'failed',
        lastError: error.slice(0, 100),
        ...(next ? { dueAt: next.toISOString() } : {}),
      },
    );
  }

  /** Deletes sent and given-up rows queued before `before`; returns how many. */
  async purge(before: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const expired = await this.rows.find({
        where: { state: { in: ['sent', 'failed'] } },
        ranges: [{ field: 'createdAt', to: before.toISOString() }],
        limit: PURGE_BATCH,
      });
      for (const row of expired) if (await this.rows.delete(row.id)) deleted += 1;
      if (expired.length < PURGE_BATCH) return deleted;
    }
  }

  get(id: string): Promise<OutboxMail | undefined> {
    return this.rows.get(id);
  }

  /**
   * Newest first. A page resumes after the previous page's last row: first the rows queued at that
   * same instant with a smaller id (e-mails queued together, e.g. an incident's resolution), then
   * the older ones, so rows sharing an instant are neither skipped nor shown twice.
   */
  async page(query: OutboxPageQuery): Promise<OutboxMail[]> {
    const where = query.state ? { state: query.state } : {};
    const newestFirst = [
      { field: 'createdAt', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ] as const;
    const { after, limit } = query;
    if (!after) return this.rows.find({ where, orderBy: [...newestFirst], limit });
    const sameInstant = await this.rows.find({
      where: { ...where, createdAt: after.createdAt },
      ranges: [{ field: 'id', to: after.id }],
      orderBy: [{ field: 'id', direction: 'desc' }],
      limit,
    });
    if (sameInstant.length >= limit) return sameInstant;
    const older = await this.rows.find({
      where,
      ranges: [{ field: 'createdAt', to: after.createdAt }],
      orderBy: [...newestFirst],
      limit: limit - sameInstant.length,
    });
    return [...sameInstant, ...older];
  }

  /** How many rows are in each state (counted where the rows are). */
  async counts(): Promise<Record<OutboxState, number>> {
    const counts: Record<OutboxState, number> = { sending: 0, pending: 0, sent: 0, failed: 0 };
    for (const group of await this.rows.tally({ groupBy: ['state'] })) {
      const state = group.key[0];
      if (typeof state === 'string' && state in counts) counts[state as OutboxState] += group.count;
    }
    return counts;
  }

  /**
   * Claims a waiting or given-up row for an attempt now (someone asked for it): applies only if the
   * row is still in that state at that version, so two people retrying at once send it once.
   */
  claimNow(row: OutboxMail): Promise<OutboxMail | undefined> {
    if (row.state !== 'pending' && row.state !== 'failed') return Promise.resolve(undefined);
    return this.claim(row);
  }

  /** Every row (tests and support look at how each e-mail went). */
  all(): Promise<OutboxMail[]> {
    return this.rows.find({ orderBy: [{ field: 'createdAt', direction: 'asc' }] });
  }
}

/**
 * The outbox rows addressed to any of `addresses` (compared in lower case): what a privacy
 * request exports and erases, since the rows keep the address and the rendered body.
 */
export async function mailOutboxTo(
  storage: Pick<StorageBackend, 'collection'>,
  addresses: readonly string[],
): Promise<OutboxMail[]> {
  const wanted = new Set(addresses.map((address) => address.trim().toLowerCase()));
  if (wanted.size === 0) return [];
  const rows = await storage.collection<OutboxMail>(MAIL_OUTBOX_COLLECTION).find();
  return rows.filter((row) => wanted.has(row.message.to.trim().toLowerCase()));
}
