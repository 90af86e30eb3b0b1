import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DocumentCollection, StorageBackend } from '../storage/ports';
import type { StepTitle } from './step-titles';
import { buildSummary } from './ticket-summary';
import type {
  NewTicket,
  Ticket,
  TicketNote,
  TicketRating,
  TicketResolution,
  TicketStatus,
  TicketWithTranscript,
} from './ticket-types';

/** Ticket numbers start above this, so the first one reads HD-1001. */
const NUMBER_OFFSET = 1000;
const MAX_NOTE_CHARS = 4000;
/** The problem grows with what the user adds while waiting, up to this many characters. */
const MAX_PROBLEM_CHARS = 4000;
const MAX_COMMENT_CHARS = 1000;
/** Conditional writes retried this often when another writer got there first. */
const MAX_ATTEMPTS = 20;

/**
 * Lifecycle: new → open ⇄ pending / on hold → resolved → closed; a resolved ticket may be
 * reopened.
 */
const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'on-hold', 'resolved'],
  open: ['pending', 'on-hold', 'resolved'],
  pending: ['open', 'on-hold', 'resolved'],
  'on-hold': ['open', 'pending', 'resolved'],
  resolved: ['closed', 'open'],
  closed: [],
};

export class TicketError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-transition' | 'invalid-rating' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'TicketError';
  }
}

/** Tickets in the `tickets` collection; every change is a compare-and-set on the version. */
export class TicketStore {
  private readonly tickets: DocumentCollection<Ticket>;

  constructor(
    private readonly storage: Pick<StorageBackend, 'collection' | 'counters' | 'transcripts' | 'attachments'>,
    private readonly clock: () => Date = () => new Date(),
    /** Names the steps tried in the summary by their titles; without it, by flow/article ids. */
    private readonly stepTitle?: StepTitle,
  ) {
    this.tickets = storage.collection<Ticket>('tickets');
  }

  async create(input: NewTicket): Promise<Ticket> {
    const number = `HD-${NUMBER_OFFSET + (await this.storage.counters.next('ticket'))}`;
    const at = this.clock().toISOString();
    return this.tickets.insert({
      ...input,
      id: randomUUID(),
      number,
      status: 'open',
      summary: buildSummary(input, this.stepTitle),
      notes: [],
      createdAt: at,
      updatedAt: at,
    });
  }

  get(id: string): Promise<Ticket | undefined> {
    return this.tickets.get(id);
  }

  async byNumber(number: string): Promise<Ticket | undefined> {
    const [found] = await this.tickets.find({ where: { number: number.toUpperCase() }, limit: 1 });
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

  async withTranscript(id: string): Promise<TicketWithTranscript | undefined> {
    const ticket = await this.get(id);
    if (!ticket) return undefined;
    return {
      ticket,
      transcript: await this.storage.transcripts.list(ticket.conversationId),
      files: await this.storage.attachments.listByConversation(ticket.conversationId),
    };
  }

  setStatus(id: string, status: TicketStatus): Promise<Ticket> {
    return this.change(id, (ticket) => {
      if (ticket.status === status) return {};
      if (!TRANSITIONS[ticket.status].includes(status))
        throw new TicketError('invalid-transition', `A ${ticket.status} ticket cannot become ${status}.`);
      return { status };
    });
  }

  /**
   * Adds what the user wrote while waiting for a technician to the problem (a ticket opened
   * before the user described anything gets its problem this way); the summary follows.
   */
  addToProblem(id: string, text: string): Promise<Ticket> {
    return this.change(id, (ticket) => {
      const added = text.trim();
      if (!added || ticket.problem.length >= MAX_PROBLEM_CHARS) return {};
      const problem = (ticket.problem ? `${ticket.problem}\n${added}` : added).slice(0, MAX_PROBLEM_CHARS);
      return { problem, summary: buildSummary({ ...ticket, problem }) };
    });
  }

  async addNote(id: string, author: string, text: string): Promise<TicketNote> {
    const note: TicketNote = {
      id: randomUUID(),
      author,
      text: text.slice(0, MAX_NOTE_CHARS),
      at: this.clock().toISOString(),
    };
    await this.change(id, (ticket) => ({ notes: [...ticket.notes, note] }));
    return note;
  }

  resolve(id: string, resolution: Omit<TicketResolution, 'at'>): Promise<Ticket> {
    return this.change(id, (ticket) => {
      if (!TRANSITIONS[ticket.status].includes('resolved'))
        throw new TicketError('invalid-transition', `A ${ticket.status} ticket cannot be resolved.`);
      return { status: 'resolved', resolution: { ...resolution, at: this.clock().toISOString() } };
    });
  }

  /** The user's rating after resolution; a later call may add the comment. */
  async rate(id: string, score: number, comment?: string): Promise<Ticket> {
    if (!Number.isInteger(score) || score < 1 || score > 5)
      throw new TicketError('invalid-rating', 'A rating is a whole number from 1 to 5.');
    return this.change(id, (ticket) => {
      if (ticket.status !== 'resolved' && ticket.status !== 'closed')
        throw new TicketError('invalid-rating', 'Only a resolved ticket can be rated.');
      const rating: TicketRating = {
        score: score as TicketRating['score'],
        at: this.clock().toISOString(),
        ...(comment ? { comment: comment.slice(0, MAX_COMMENT_CHARS) } : {}),
      };
      return { rating };
    });
  }

  comment(id: string, comment: string): Promise<Ticket> {
    return this.change(id, (ticket) => {
      if (!ticket.rating) throw new TicketError('invalid-rating', 'Rate the ticket before commenting.');
      return { rating: { ...ticket.rating, comment: comment.slice(0, MAX_COMMENT_CHARS) } };
    });
  }

  /** Read, decide, write only if nobody wrote in between; retried when someone did. */
  private async change(id: string, decide: (ticket: Ticket) => Partial<Ticket>): Promise<Ticket> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const ticket = await this.tickets.get(id);
      if (!ticket) throw new TicketError('not-found', `No ticket ${id}.`);
      const patch = decide(ticket);
      if (Object.keys(patch).length === 0) return ticket;
      const updated = await this.tickets.update(
        id,
        { version: ticket.version },
        { ...patch, updatedAt: this.clock().toISOString() },
      );
      if (updated) return updated;
      // Writers that collided back off by different amounts, so one of them gets through.
      await sleep(Math.random() * 2 * (attempt + 1));
    }
    throw new TicketError('conflict', `Ticket ${id} kept changing; try again.`);
  }
}
