import type { Ticket, TicketStore } from '../tickets';
import type { ConsoleEvents } from './console-events';
import type { ConversationOwners, PendingFeedback } from './conversation-owners';

/** The rating (then an optional comment) the user is asked for after a resolution. */
export class UserFeedback {
  constructor(
    private readonly owners: ConversationOwners,
    private readonly tickets: TicketStore,
    private readonly events: ConsoleEvents,
    private readonly onComment?: (ticket: Ticket) => Promise<void>,
  ) {}

  async pending(conversationId: string): Promise<PendingFeedback | undefined> {
    return (await this.owners.get(conversationId))?.pending;
  }

  /** Records the score and asks for a comment next. */
  async rate(conversationId: string, pending: PendingFeedback, score: number): Promise<Ticket> {
    const ticket = await this.tickets.rate(pending.ticketId, score);
    const { ticketId, language } = pending;
    await this.owners.set(conversationId, { pending: { kind: 'comment', ticketId, language } });
    await this.events.emit({ type: 'ticket.rated', ticketNumber: ticket.number, score });
    return ticket;
  }

  /** A rating given in words: the score, with the words as its comment; nothing more is asked. */
  async rateWithComment(
    conversationId: string,
    pending: PendingFeedback,
    score: number,
    comment: string,
  ): Promise<Ticket> {
    const ticket = await this.tickets.rate(pending.ticketId, score, comment.trim());
    await this.owners.set(conversationId, { pending: undefined });
    await this.events.emit({ type: 'ticket.rated', ticketNumber: ticket.number, score });
    await this.onComment?.(ticket);
    return ticket;
  }

  /** The reply was no answer: the question is asked once more and stays open for the next message. */
  async reask(conversationId: string, pending: PendingFeedback): Promise<void> {
    await this.owners.set(conversationId, { pending: { ...pending, reasked: true } });
  }

  async comment(conversationId: string, ticketId: string, comment: string): Promise<void> {
    const ticket = await this.tickets.comment(ticketId, comment.trim());
    await this.owners.set(conversationId, { pending: undefined });
    await this.events.emit({
      type: 'ticket.rated',
      ticketNumber: ticket.number,
      score: ticket.rating?.score,
    });
    await this.onComment?.(ticket);
  }

  /** The user's next message may be the e-mail address to follow the ticket up at. */
  async askEmail(
    conversationId: string,
    ticketId: string,
    language: PendingFeedback['language'],
  ): Promise<void> {
    await this.owners.set(conversationId, { pending: { kind: 'email', ticketId, language } });
  }

  /** The user's next message may answer "did the fix hold?" about this ticket (src/followup). */
  async askFollowUp(
    conversationId: string,
    ticketId: string,
    language: PendingFeedback['language'],
  ): Promise<void> {
    await this.owners.set(conversationId, { pending: { kind: 'follow-up', ticketId, language } });
  }

  /**
   * The rating question after the bot itself resolved a problem: the ticket that records it is
   * rated like one a technician resolved.
   */
  async askRating(
    conversationId: string,
    ticketId: string,
    language: PendingFeedback['language'],
  ): Promise<void> {
    await this.owners.set(conversationId, { pending: { kind: 'rating', ticketId, language } });
  }

  /** Keeps the (validated) address on the ticket's user; the question is answered. */
  async giveEmail(conversationId: string, ticketId: string, email: string): Promise<Ticket> {
    const ticket = await this.tickets.setUserEmail(ticketId, email);
    await this.owners.set(conversationId, { pending: undefined });
    return ticket;
  }

  async clear(conversationId: string): Promise<void> {
    await this.owners.set(conversationId, { pending: undefined });
  }
}
