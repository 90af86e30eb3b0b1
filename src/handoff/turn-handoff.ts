import type { TurnContext } from 'botbuilder';
import type { CaseFile } from '../dialogs/case-file';
import type { FlowCaseFields } from '../dialogs/flows/flow-case';
import type { Priority } from '../tickets/ticket-types';
import type { HandoffReason } from './handoff-types';

/** What dialogs ask of the hand-over; the bot puts one in each turn's state when hand-over is on. */
export interface PersonHandoff {
  /** Queues the conversation for a technician and tells the user where they stand. */
  start(
    context: TurnContext,
    request: {
      reason: HandoffReason;
      caseFile?: CaseFile & FlowCaseFields;
      category?: string;
      priority?: Priority;
      skills?: string[];
    },
  ): Promise<void>;
  /** Opens a ticket without a live hand-over and tells the user its number. */
  openTicket(
    context: TurnContext,
    request: {
      caseFile?: CaseFile & FlowCaseFields;
      category: string;
      priority: Priority;
      skills?: string[];
      origin: string;
      /** Shown before the ticket number, e.g. the flow's own closing text. */
      lead?: string;
    },
  ): Promise<void>;
}

const HANDOFF = Symbol('firstline.handoff');
const RELAYED = Symbol('firstline.relayed');
const QUEUED_TICKET = Symbol('firstline.queuedTicket');

export function provideHandoff(context: TurnContext, handoff: PersonHandoff): void {
  context.turnState.set(HANDOFF, handoff);
}

/** The turn's hand-over, or undefined when the bot runs without one (then dialogs say so). */
export function handoffOf(context: TurnContext): PersonHandoff | undefined {
  return context.turnState.get(HANDOFF) as PersonHandoff | undefined;
}

/** Marks a turn whose message belongs to a hand-over (technician or queue): no bot offers on top. */
export function markRelayed(context: TurnContext): void {
  context.turnState.set(RELAYED, true);
}

export function isRelayed(context: TurnContext): boolean {
  return context.turnState.get(RELAYED) === true;
}

/**
 * Marks a turn the bot answers while the user also waits in the queue (they chose to carry on
 * with the bot): what the bot cannot answer is on the ticket already, so it says that instead.
 */
export function markQueued(context: TurnContext, ticketNumber: string): void {
  context.turnState.set(QUEUED_TICKET, ticketNumber);
}

/** The number of the ticket the user waits on while the bot answers, if any. */
export function queuedTicketOf(context: TurnContext): string | undefined {
  return context.turnState.get(QUEUED_TICKET) as string | undefined;
}
