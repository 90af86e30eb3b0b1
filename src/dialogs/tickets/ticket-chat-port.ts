import type { Activity } from 'botbuilder';
import type { ConsoleEvent, Handoff } from '../../handoff';
import type { Ticket, TicketActor, TicketPage, TicketQuery, TicketReply, TicketStatus } from '../../tickets';

/** What the chat needs of the ticket store (`TicketStore`). */
export interface TicketChatStore {
  byIdOrNumber(idOrNumber: string): Promise<Ticket | undefined>;
  transition(id: string, to: TicketStatus, by: TicketActor, why?: string): Promise<Ticket>;
  reply(id: string, by: TicketActor, text: string): Promise<TicketReply>;
  query(query: TicketQuery): Promise<TicketPage>;
}

/** What the chat needs of the hand-over's users' side (`UserQueue`). */
export interface TicketChatHandoffs {
  /** The live hand-over (queued or with a technician) of a conversation. */
  ownerOf(conversationId: string): Promise<Handoff | undefined>;
  /** To the technicians' live view (console and Teams channel). */
  emit(event: ConsoleEvent): Promise<number>;
  /** The user no longer needs a person: a queued hand-over ends. */
  cancelByUser(handoffId: string): Promise<Handoff | undefined>;
}

/** Tickets in chat, as the app wires them (only with the hand-over, which keeps the tickets). */
export interface TicketChatOptions {
  tickets: TicketChatStore;
  handoffs?: TicketChatHandoffs;
  /** Dates are shown in the user's time zone when the channel sends it, else in this one. */
  timeZone: string;
  /** "It's broken again" reopens a ticket resolved at most this many days ago. */
  reopenWithinDays: number;
  clock?: () => Date;
}

/**
 * A ticket is the user's when it was opened by the same user on the same channel, or, in Teams,
 * by the same Entra account (`aadObjectId`, which only the Bot Framework channel vouches for:
 * Direct Line assigns `from` itself and takes nothing of it from the client).
 */
export function ownsTicket(ticket: Ticket, activity: Partial<Activity>): boolean {
  const from = activity.from;
  if (!from?.id) return false;
  if (ticket.user.id === from.id && ticket.channelId === activity.channelId) return true;
  return (
    activity.channelId === 'msteams' && !!from.aadObjectId && ticket.user.aadObjectId === from.aadObjectId
  );
}

/** The user as the ticket's history names them. */
export function userActor(ticket: Ticket, activity: Partial<Activity>): TicketActor {
  const name = activity.from?.name || ticket.user.name || 'User';
  return { kind: 'user', id: activity.from?.id ?? ticket.user.id, name };
}
