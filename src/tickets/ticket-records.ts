import { setTimeout as sleep } from 'node:timers/promises';
import type { DocumentCollection, StorageBackend } from '../storage/ports';
import type { StepTitle } from './step-titles';
import { appendHistory, historyEntry, nextDueAt } from './ticket-lifecycle';
import { TicketQueryError } from './ticket-query';
import type {
  Ticket,
  TicketActor,
  TicketHistoryEntry,
  TicketPage,
  TicketQuery,
  TicketSla,
  TicketStatus,
  TicketWithTranscript,
} from './ticket-types';
import { queryTickets } from './ticket-worklist';

/** Reasons, team, category and names: short labels. */
export const MAX_LABEL_CHARS = 500;
/** Conditional writes retried this often when another writer got there first. */
const MAX_ATTEMPTS = 20;
export const BOT: TicketActor = { kind: 'bot', name: 'FirstLine' };

export type TicketErrorCode =
  'not-found' | 'invalid-transition' | 'invalid-rating' | 'invalid-input' | 'full' | 'conflict';

export class TicketError extends Error {
  constructor(
    readonly code: TicketErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TicketError';
  }
}

export interface TicketStoreOptions {
  /**
   * The project's redaction, applied to every text the store keeps (problem, replies, notes,
   * reasons, answers): callers redact on arrival too, this keeps the store safe whoever calls it.
   */
  redact?: (text: string) => string;
  /**
   * The service levels (src/sla): the SLA a ticket should carry after it was created (`before`
   * absent) or changed, or undefined for no change. Applied in the same write as the change.
   */
  sla?: (after: Ticket, before?: Ticket) => TicketSla | undefined;
}

/** Changes that move SLA due times: targets (priority, category), first response, pauses. */
const SLA_FIELDS: readonly (keyof Ticket)[] = ['status', 'priority', 'category', 'replies', 'assignee'];

/**
 * The ticket records underneath TicketStore: reads, and the one way to change a ticket (a
 * compare-and-set on its version that also writes the history lines and moves SLA due times).
 * TicketStore adds the operations people and the bot perform.
 */
export class TicketRecords {
  protected readonly tickets: DocumentCollection<Ticket>;
  protected readonly redact: (text: string) => string;
  protected readonly sla: TicketStoreOptions['sla'];

  constructor(
    protected readonly storage: Pick<
      StorageBackend,
      'collection' | 'counters' | 'transcripts' | 'attachments' | 'worklist'
    >,
    protected readonly clock: () => Date = () => new Date(),
    /** Names the steps tried in the summary by their titles; without it, by flow/article ids. */
    protected readonly stepTitle?: StepTitle,
    options: TicketStoreOptions = {},
  ) {
    this.tickets = storage.collection<Ticket>('tickets');
    this.redact = options.redact ?? ((text) => text);
    this.sla = options.sla;
  }

  get(id: string): Promise<Ticket | undefined> {
    return this.tickets.get(id);
  }

  async byNumber(number: string): Promise<Ticket | undefined> {
    const [found] = await this.tickets.find({ where: { number: number.trim().toUpperCase() }, limit: 1 });
    return found;
  }

  /** By the id or by the number ("HD-1001", any case), as people and links refer to tickets. */
  byIdOrNumber(idOrNumber: string): Promise<Ticket | undefined> {
    const key = idOrNumber.trim();
    if (key.length === 0 || key.length > 100) return Promise.resolve(undefined);
    return /^hd-\d+$/iu.test(key) ? this.byNumber(key) : this.get(key);
  }

  /** The tickets of these conversations, read 200 conversations at a time. */
  async ofConversations(conversationIds: readonly string[]): Promise<Ticket[]> {
    const found: Ticket[] = [];
    for (let i = 0; i < conversationIds.length; i += 200) {
      const batch = conversationIds.slice(i, i + 200);
      found.push(...(await this.tickets.find({ where: { conversationId: { in: batch } } })));
    }
    return found;
  }

  /** Newest first, optionally by status. */
  list(options: { status?: TicketStatus[]; limit?: number } = {}): Promise<Ticket[]> {
    return this.tickets.find({
      where: options.status ? { status: { in: options.status } } : {},
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      limit: options.limit ?? 100,
    });
  }

  /** The worklist: filters, search, sort and pages (see TicketQuery). */
  async query(q: TicketQuery): Promise<TicketPage> {
    try {
      return await queryTickets(this.storage, q);
    } catch (error) {
      if (error instanceof TicketQueryError) throw new TicketError('invalid-input', error.message);
      throw error;
    }
  }

  async withTranscript(id: string): Promise<TicketWithTranscript | undefined> {
    const ticket = await this.get(id);
    if (!ticket) return undefined;
    return {
      ticket,
      transcript: await this.storage.transcripts.list(ticket.conversationId),
      files: await this.storage.attachments.listByConversation(ticket.conversationId),
    };
  }

  async history(id: string): Promise<TicketHistoryEntry[]> {
    const ticket = await this.get(id);
    if (!ticket) throw new TicketError('not-found', `No ticket ${id}.`);
    return ticket.history ?? [];
  }

  /**
   * Read, decide, write only if nobody wrote in between; retried when someone did. `decide`
   * returns the patch and the history lines it makes, or undefined for no change at all.
   */
  protected async change(
    id: string,
    by: TicketActor,
    decide: (ticket: Ticket) => { patch: Partial<Ticket>; entries: Entry[] } | undefined,
  ): Promise<Ticket> {
    const actor = this.actor(by);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const ticket = await this.tickets.get(id);
      if (!ticket) throw new TicketError('not-found', `No ticket ${id}.`);
      const decided = decide(ticket);
      if (!decided) return ticket;
      const at = this.now();
      const patch: Partial<Ticket> = { ...decided.patch, updatedAt: at };
      if (decided.entries.length > 0) {
        const entries = decided.entries.map(([change, values]) =>
          historyEntry(actor, at, change, {
            ...values,
            from: values.from === undefined ? undefined : this.label(values.from),
            to: values.to === undefined ? undefined : this.label(values.to),
            why: values.why === undefined ? undefined : this.text(values.why, MAX_LABEL_CHARS),
          }),
        );
        patch.history = appendHistory(ticket.history, entries, at);
      }
      // Due times follow what moves them, in the same write (src/sla decides how).
      if (this.sla && SLA_FIELDS.some((field) => field in decided.patch)) {
        const after = { ...ticket, ...patch };
        const sla = this.sla(after, ticket);
        if (sla) patch.sla = this.withDue(after.status, sla);
      }
      // A status change moves the SLA's next due time (none once resolved).
      if (patch.status && !patch.sla && ticket.sla) patch.sla = this.withDue(patch.status, ticket.sla);
      const updated = await this.tickets.update(id, { version: ticket.version }, patch);
      if (updated) return updated;
      // Writers that collided back off by different amounts, so one of them gets through.
      await sleep(Math.random() * 2 * (attempt + 1));
    }
    throw new TicketError('conflict', `Ticket ${id} kept changing; try again.`);
  }

  protected withDue(status: TicketStatus, sla: TicketSla): TicketSla {
    const { dueAt: _previous, ...rest } = sla;
    const dueAt = nextDueAt(status, rest);
    return dueAt ? { ...rest, dueAt } : rest;
  }

  protected actor(by: TicketActor): TicketActor {
    const actor: TicketActor = { kind: by.kind, name: this.label(by.name) };
    if (by.id !== undefined) actor.id = by.id.slice(0, MAX_LABEL_CHARS);
    return actor;
  }

  /** Redacted, trimmed and cut to `max`; redacted before cutting so no secret is cut in half. */
  protected text(text: string, max: number): string {
    return this.redact(text.slice(0, max * 2).trim()).slice(0, max);
  }

  protected label(text: string): string {
    return this.text(text, MAX_LABEL_CHARS);
  }

  protected now(): string {
    return this.clock().toISOString();
  }
}

export type Entry = [TicketHistoryEntry['change'], { from?: string; to?: string; why?: string }];
