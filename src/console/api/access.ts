import { AppError } from '../../errors';
import type { StorageBackend } from '../../storage/ports';
import { hasSkillFor } from '../../handoff/queue-order';
import { hasRole, type Handoff, type Technician } from './ports';

export const HANDOFFS_COLLECTION = 'handoffs';

export type HandoffAccess = 'read' | 'claim' | 'act';

/**
 * Decides what a caller may see and do. Leads and admins see everything. A technician sees the
 * handoffs assigned to them and the queued ones routed to them (for reading and claiming); acting
 * on a conversation needs it assigned to them. Everything else is "not found", so ids of other
 * people's work do not even confirm their existence.
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

  /** A ticket is visible to leads and to technicians who can see one of its handoffs. */
  async assertTicketVisible(ticketId: string, viewer: Technician): Promise<void> {
    if (hasRole(viewer, 'lead')) return;
    const handoffs = await this.handoffs.find({ where: { ticketId } });
    if (!handoffs.some((h) => mayAccess(h, viewer, 'read'))) throw notFound('ticket');
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
