import type { DocumentCollection } from '../storage/ports';
import { hasRole, type Technician } from '../technicians';
import type { Ticket } from '../tickets';
import type { Handoff } from './handoff-types';
import { hasSkillFor } from './queue-order';

/**
 * What a technician wants to do with a hand-over: look at it, claim it, act on it (note,
 * transfer, hand back, resolve) or speak for it (write to the user).
 */
export type HandoffAccess = 'read' | 'claim' | 'act' | 'speak';

/** Every hand-over of one ticket or conversation is far below this; a bound, not a page. */
const PER_RECORD_LIMIT = 1000;

/**
 * The one access rule for technicians, whatever they work from (console, Teams channel) and
 * whatever they look at (hand-overs, tickets, bot chats, transcripts, live events, attachments).
 * Leads and admins may do everything. A technician reads a hand-over assigned to them (now or
 * before) and a queued one routed to them, claims one routed to them, acts on one assigned to
 * them, and only the assigned technician speaks to the user. A ticket is visible to the
 * technician it is assigned to, to those it is routed to (their skills, as for the queue), and
 * through any hand-over of it they may read; a conversation is visible through any hand-over of
 * it the technician may read; a conversation nobody has been
 * handed yet (a bot chat) is visible to every technician, as those chats are listed for anyone
 * to step in. Whether a hand-over is still live is the desk's check, made with its write.
 */
export function mayAccess(handoff: Handoff, viewer: Technician, access: HandoffAccess): boolean {
  if (access === 'speak') return handoff.assignedTo === viewer.id;
  if (hasRole(viewer, 'lead')) return true;
  if (handoff.assignedTo === viewer.id) return true;
  if (access === 'act') return false;
  // Claiming is decided by the desk's atomic claim; a hand-over already taken answers "already
  // claimed" (with who has it) to anyone it was routed to, so concurrent claimers all hear who won.
  if (access === 'claim') return routesTo(handoff, viewer);
  return handoff.state === 'queued' && routesTo(handoff, viewer);
}

/**
 * Which live events a viewer receives: conversation content (messages, typing, notes) only while
 * the hand-over is assigned to them; queue changes (`handoff.*`) also when it is routed to them,
 * so their queue views stay current when someone else claims it. Leads get everything.
 */
export function mayReceiveEvent(
  event: Record<string, unknown>,
  handoff: Handoff,
  viewer: Technician,
): boolean {
  if (hasRole(viewer, 'lead') || handoff.assignedTo === viewer.id) return true;
  const type = typeof event.type === 'string' ? event.type : '';
  return type.startsWith('handoff.') && routesTo(handoff, viewer);
}

/**
 * Whether a hand-over is routed to the technician, for checks on one record: the skill rule.
 * Language is left out on purpose: technicians without the user's language may take a hand-over
 * when nobody online speaks it, and the desk's atomic claim has the last word.
 */
export function routesTo(handoff: Pick<Handoff, 'skills'>, technician: Technician): boolean {
  return hasSkillFor(technician, handoff);
}

/**
 * Whether a ticket is the technician's to see and work from the ticket itself: leads and admins
 * all, a technician those assigned to them and those routed to their skills (a ticket with no
 * skills is for anyone, as a queued hand-over with none is). The worklist query applies the same
 * rule in storage (`TicketQuery.visibleTo`, from `ticketVisibility`).
 */
export function maySeeTicket(ticket: Pick<Ticket, 'assignee' | 'skills'>, viewer: Technician): boolean {
  if (hasRole(viewer, 'lead')) return true;
  if (ticket.assignee?.id === viewer.id) return true;
  return hasSkillFor(viewer, ticket);
}

/** The worklist's access filter for a viewer: none for leads and admins, who see every ticket. */
export function ticketVisibility(
  viewer: Technician,
): { technicianId: string; skills: readonly string[] } | undefined {
  return hasRole(viewer, 'lead') ? undefined : { technicianId: viewer.id, skills: viewer.skills };
}

/** The access rule applied to stored hand-overs and tickets: what a technician may see of which record. */
export class DeskAccess {
  constructor(
    private readonly handoffs: Pick<DocumentCollection<Handoff>, 'get' | 'find'>,
    private readonly tickets: { byIdOrNumber(idOrNumber: string): Promise<Ticket | undefined> },
  ) {}

  /** The hand-over, or undefined when it does not exist or the viewer may not do that with it. */
  async handoff(id: string, viewer: Technician, access: HandoffAccess): Promise<Handoff | undefined> {
    const handoff = await this.handoffs.get(id);
    return handoff && mayAccess(handoff, viewer, access) ? handoff : undefined;
  }

  /**
   * Whether the viewer may see and work the ticket (its transcript, notes, attachments, history,
   * replies): assigned to them, routed to their skills, or through a hand-over they may read.
   */
  async mayReadTicket(ticketId: string, viewer: Technician): Promise<boolean> {
    return (await this.ticket(ticketId, viewer)) !== undefined;
  }

  /**
   * The ticket by id or number (HD-1001), or undefined when it does not exist or the viewer may
   * not see it.
   */
  async ticket(idOrNumber: string, viewer: Technician): Promise<Ticket | undefined> {
    const ticket = await this.tickets.byIdOrNumber(idOrNumber);
    if (!ticket) return undefined;
    if (maySeeTicket(ticket, viewer)) return ticket;
    const handoffs = await this.handoffs.find({ where: { ticketId: ticket.id }, limit: PER_RECORD_LIMIT });
    return handoffs.some((h) => mayAccess(h, viewer, 'read')) ? ticket : undefined;
  }

  /**
   * Whether the viewer may see the conversation (transcript, events, attachments), or with
   * 'claim' step into it (a take-over routed to them, so that losers of concurrent take-overs
   * hear who won).
   */
  async mayViewConversation(
    conversationId: string,
    viewer: Technician,
    access: 'read' | 'claim' = 'read',
  ): Promise<boolean> {
    if (hasRole(viewer, 'lead')) return true;
    const handoffs = await this.handoffs.find({ where: { conversationId }, limit: PER_RECORD_LIMIT });
    return handoffs.length === 0 || handoffs.some((h) => mayAccess(h, viewer, access));
  }

  /**
   * A filter for one batch of live events: each hand-over and ticket is read once per batch. An
   * event addressed to a ticket's assignee (`assigneeId`, e.g. an SLA reminder) reaches them;
   * events of a ticket without a hand-over (`ticket.*` with `ticketId`) reach whoever may see
   * that ticket; other events that name no hand-over reach leads only.
   */
  eventFilter(viewer: Technician): (event: Record<string, unknown>) => Promise<boolean> {
    if (hasRole(viewer, 'lead')) return () => Promise.resolve(true);
    const read = new Map<string, Promise<Handoff | undefined>>();
    const tickets = new Map<string, Promise<boolean>>();
    return async (event) => {
      if (event.assigneeId === viewer.id) return true;
      // Incidents concern the whole desk: every technician reads them (leads act on them).
      if (typeof event.type === 'string' && event.type.startsWith('incident.')) return true;
      const id = event.handoffId;
      if (typeof id !== 'string') {
        const ticketId = event.ticketId;
        const type = typeof event.type === 'string' ? event.type : '';
        if (typeof ticketId !== 'string' || !type.startsWith('ticket.')) return false;
        if (!tickets.has(ticketId)) tickets.set(ticketId, this.mayReadTicket(ticketId, viewer));
        return (await tickets.get(ticketId)) === true;
      }
      if (!read.has(id)) read.set(id, this.handoffs.get(id));
      const handoff = await read.get(id);
      return handoff !== undefined && mayReceiveEvent(event, handoff, viewer);
    };
  }
}
