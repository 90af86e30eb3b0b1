import type { TurnContext } from 'botbuilder';
import type { Handoff, UserQueue } from '../../handoff';
import type { Logger } from '../../logging';
import type { TicketStore } from '../../tickets';
import { clickedText, submittedChoice } from '../choices';

/** What the user writes while a hand-over owns the conversation: to the technicians, and onto the ticket. */
export class HandoffRelay {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'relayFromUser'>;
      /** What the user writes while waiting goes onto the ticket's problem. */
      tickets?: Pick<TicketStore, 'addToProblem'>;
      logger: Logger;
    },
  ) {}

  /** To the technicians' live view; a click on an earlier card reads as the chosen option's label. */
  relay(context: TurnContext, handoff: Handoff): Promise<void> {
    return this.deps.queue.relayFromUser(context, handoff, clickedText(context.activity));
  }

  /** The user's typed words onto the ticket's problem; a failure must not lose the relay. */
  async addToProblem(context: TurnContext, handoff: Handoff): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    if (!text || !this.deps.tickets || submittedChoice(context.activity) !== undefined) return;
    await this.deps.tickets
      .addToProblem(handoff.ticketId, text)
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'could not add to the ticket problem'));
  }
}
