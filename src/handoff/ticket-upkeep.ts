import type { Technician } from '../technicians';
import type { Ticket, TicketActor, TicketStatus } from '../tickets';
import type { HandoffRecords } from './handoff-records';
import type { Handoff } from './handoff-types';

/** The bot and the system as they appear in a ticket's history. */
export const SYSTEM_ACTOR: TicketActor = { kind: 'system', name: 'FirstLine' };

export function technicianActor(technician: Pick<Technician, 'id' | 'name'>): TicketActor {
  return { kind: 'technician', id: technician.id, name: technician.name };
}

/**
 * Keeps a hand-over's ticket in a state someone works as the hand-over changes, from whatever
 * the technician works in (console, Teams channel): queued → `new`; claimed, picked up or taken
 * over → `open` with the technician as assignee; transferred → the new assignee (or none, back in
 * the queue); handed back → unassigned and `pending` (the user is with the bot; the worklist's
 * "Unassigned" and "Waiting for user" show it); the user stopped waiting → stays `new`, with a
 * note saying so. Every change is in the ticket's history with who and why. The hand-over's own
 * change has happened when these run: a ticket that cannot follow (changed meanwhile, erased) is
 * logged, not thrown, so the user and the technician keep the hand-over's outcome.
 */
export class TicketUpkeep {
  constructor(private readonly records: HandoffRecords) {}

  /** A technician has the conversation now: they work the ticket, which is open. */
  async taken(handoff: Handoff, technician: Technician, why: string): Promise<void> {
    await this.follow(handoff, async () => {
      const by = technicianActor(technician);
      const assigned = await this.tickets.assign(
        handoff.ticketId,
        { id: technician.id, name: technician.name },
        by,
        why,
      );
      await this.ensureStatus(assigned, 'open', by, why);
    });
  }

  async transferred(handoff: Handoff, by: Technician, to: Technician | undefined): Promise<void> {
    await this.follow(handoff, async () => {
      const actor = technicianActor(by);
      await this.tickets.assign(
        handoff.ticketId,
        to && { id: to.id, name: to.name },
        actor,
        to ? 'conversation transferred' : 'conversation sent back to the queue',
      );
    });
  }

  async handedBack(handoff: Handoff, by: Technician): Promise<void> {
    await this.follow(handoff, async () => {
      const actor = technicianActor(by);
      const why = 'handed back to the bot';
      const ticket = await this.tickets.assign(handoff.ticketId, undefined, actor, why);
      await this.ensureStatus(ticket, 'pending', actor, why);
    });
  }

  /** The user left the queue: nobody took it, so the ticket stays new and unassigned. */
  async userStoppedWaiting(handoff: Handoff): Promise<void> {
    await this.follow(handoff, async () => {
      await this.tickets.addNote(
        handoff.ticketId,
        SYSTEM_ACTOR,
        'The user stopped waiting for a technician before anyone took the conversation; follow up from the ticket.',
      );
    });
  }

  private async ensureStatus(ticket: Ticket, to: TicketStatus, by: TicketActor, why: string) {
    if (ticket.status === to || ticket.status === 'closed') return ticket;
    // A resolved ticket taken up again is reopened first (resolved → open is the reopen).
    if (ticket.status === 'resolved' && to !== 'open')
      ticket = await this.tickets.transition(ticket.id, 'open', by, why);
    return ticket.status === to ? ticket : this.tickets.transition(ticket.id, to, by, why);
  }

  private get tickets() {
    return this.records.deps.tickets;
  }

  private async follow(handoff: Handoff, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.records.logger.warn(
        { err, handoffId: handoff.id, ticket: handoff.ticketNumber },
        'the ticket could not follow its hand-over',
      );
    }
  }
}
