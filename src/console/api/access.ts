import { AppError } from '../../errors';
import type { StorageBackend } from '../../storage/ports';
import { hasSkillFor } from '../../handoff/queue-order';
import { hasRole, type Handoff, type Technician } from './ports';

export const HANDOFFS_COLLECTION = 'handoffs';

export type HandoffAccess = 'read' | 'claim' | 'act';

/**
 * The one access rule for everything the console shows about a conversation: hand-overs,
 * tickets, bot chats and their transcripts, live events and attachments. Leads and admins see
 * everything. A technician sees a hand-over assigned to them (now or before) and a queued one
 * routed to them; acting on one needs it assigned to them (the service checks that it is still
 * live). A ticket or a conversation is visible through any hand-over of it the technician may
 * read; a conversation nobody has been handed yet (a bot chat) is visible to every technician, as
 * the console lists those chats for anyone to step in. Everything else is "not found", so ids of
 * other people's work do not even confirm their existence.
 */
export class ConsoleAccess {
  constructor(private readonly storage: Pick<StorageBackend, 'collection'>) {}

  private get handoffs() {
    return this.storage.collection<Handoff>(HANDOFFS_COLLECTION);
  }

  async handoff(id: string, viewer: Technician, access: HandoffAccess): Promise<Handoff> {
    const handoff = await this.handoffs.get(id);
    if (!handoff || !mayAccess(handoff, viewer, access)) throw notFound('handoff');
    return handoff;
  }

  /** Throws 404 unless the viewer may see the ticket (its transcript, notes and attachments). */
  async ticket(ticketId: string, viewer: Technician): Promise<void> {
    if (hasRole(viewer, 'lead')) return;
    const handoffs = await this.handoffs.find({ where: { ticketId }, limit: 1000 });
    if (!handoffs.some((h) => mayAccess(h, viewer, 'read'))) throw notFound('ticket');
  }

  /**
   * Throws 404 unless the viewer may see the conversation (its transcript, events and
   * attachments), or with 'claim' step into it (a take-over: routed to them, so that of
   * concurrent take-overs the losers hear who won). The caller still checks that it exists.
   */
  async conversation(
    conversationId: string,
    viewer: Technician,
    access: Exclude<HandoffAccess, 'act'> = 'read',
  ): Promise<void> {
    if (!(await this.mayViewConversation(conversationId, viewer, access))) throw notFound('conversation');
  }

  async mayViewConversation(
    conversationId: string,
    viewer: Technician,
    access: Exclude<HandoffAccess, 'act'> = 'read',
  ): Promise<boolean> {
    if (hasRole(viewer, 'lead')) return true;
    const handoffs = await this.handoffs.find({ where: { conversationId }, limit: 1000 });
    return handoffs.length === 0 || handoffs.some((h) => mayAccess(h, viewer, access));
  }
}

export function mayAccess(handoff: Handoff, viewer: Technician, access: HandoffAccess): boolean {
  if (hasRole(viewer, 'lead')) return true;
  if (handoff.assignedTo === viewer.id) return true;
  if (access === 'act') return false;
  // Claiming is decided by the service's atomic claim; a handoff already taken answers 409 there
  // (with who has it) to anyone it was routed to, so concurrent claimers all get a clear answer.
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
 * Whether a handoff is routed to the technician, for the checks the console makes itself (one
 * record, the live feed): the service's skill rule. Language is left out on purpose: the service
 * lets technicians without the user's language take a handoff when nobody online speaks it, and
 * its atomic claim has the last word ('not-allowed' becomes 404).
 */
export function routesTo(handoff: Pick<Handoff, 'skills'>, technician: Technician): boolean {
  return hasSkillFor(technician, handoff);
}

export function notFound(what: string): AppError {
  return new AppError('NotFound', `No such ${what}.`);
}
