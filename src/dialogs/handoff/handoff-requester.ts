import { MessageFactory, TurnContext } from 'botbuilder';
import { literal } from '../later-problem';
import {
  formatOpening,
  isTimeZone,
  userOf,
  type HandoffRequestResult,
  type SupportConfig,
  type UserQueue,
} from '../../handoff';
import type { Logger } from '../../logging';
import type { CaseFile } from '../../tickets';
import type { PersonHandoff } from '../../turn';
import type { HandoffReplies } from './handoff-replies';
import { waitingQuestion } from './waiting-dialog';

/** The built-in Direct Line channel (the website chat). */
const WEB_CHAT_CHANNEL = 'directline';

export type StartRequest = Parameters<PersonHandoff['start']>[1];
export type TicketRequest = Parameters<PersonHandoff['openTicket']>[1];

/** Asks the queue for a person (or a ticket) for this conversation and tells the user the outcome. */
export class HandoffRequester {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'request' | 'openTicket' | 'feedback'>;
      support: Pick<SupportConfig, 'timeZone'>;
      replies: HandoffReplies;
      logger: Logger;
      /** Ask anonymous web users for an e-mail address when a ticket is left for later. */
      askForEmail?: boolean;
    },
  ) {}

  async queue(context: TurnContext, request: StartRequest): Promise<void> {
    const { replies } = this.deps;
    let result: HandoffRequestResult;
    try {
      result = await this.deps.queue.request({
        reference: TurnContext.getConversationReference(context.activity),
        user: userOf(context.activity),
        language: replies.language(context),
        channelId: context.activity.channelId ?? 'unknown',
        ...request,
      });
    } catch (err) {
      this.deps.logger.error({ err }, 'hand-over could not be queued');
      await replies.say(context, 'handoff.failed');
      return;
    }
    await this.announce(context, result, continuesCase(result.ticket, request));
  }

  async openTicket(context: TurnContext, request: TicketRequest): Promise<void> {
    const { replies } = this.deps;
    const language = replies.language(context);
    try {
      const ticket = await this.deps.queue.openTicket({
        reference: TurnContext.getConversationReference(context.activity),
        user: userOf(context.activity),
        language,
        channelId: context.activity.channelId ?? 'unknown',
        category: request.category,
        priority: request.priority,
        skills: request.skills,
        caseFile: request.caseFile,
        origin: request.origin,
      });
      const priority = replies.catalogue.t(language, `handoff.priority.${ticket.priority}`);
      const key = continuesCase(ticket, request) ? 'ticket.continued' : 'ticket.opened';
      const text = replies.catalogue.t(language, key, { ticket: ticket.number, priority });
      await replies.send(
        context,
        [request.lead, text, this.laterProblem(context, request)].filter(Boolean).join('\n\n'),
      );
      await this.offerEmail(context, ticket);
    } catch (err) {
      this.deps.logger.error({ err }, 'ticket could not be opened');
      await replies.send(
        context,
        [request.lead, replies.t(context, 'handoff.failed')].filter(Boolean).join('\n\n'),
      );
    }
  }

  /**
   * A second problem the user named in their first message (src/dialogs/later-problem.ts): the
   * ticket closes the first one, so they are reminded of it here, before the e-mail offer (its
   * button must stay on the last message), and it is taken off the case.
   */
  private laterProblem(context: TurnContext, request: TicketRequest): string | undefined {
    const problem = request.caseFile?.laterProblem;
    if (!request.caseFile || problem === undefined) return undefined;
    delete request.caseFile.laterProblem;
    return this.deps.replies.t(context, 'laterProblem.reminder', { problem: literal(problem) });
  }

  /** `continued`: the hand-over continues on the case's own ticket, open again, not on a new one. */
  private async announce(
    context: TurnContext,
    result: HandoffRequestResult,
    continued: boolean,
  ): Promise<void> {
    const { replies } = this.deps;
    const { handoff, ticket } = result;
    const language = replies.language(context);
    if (result.existing) {
      await replies.standing(context, 'handoff.alreadyQueued', ticket.number, result);
      return;
    }
    if (result.outOfHours && handoff.userWaitingMode === 'left-message') {
      const zone = isTimeZone(context.activity.localTimezone)
        ? context.activity.localTimezone
        : this.deps.support.timeZone;
      const opening = formatOpening(new Date(result.outOfHours.nextOpening), language, zone);
      const key = continued ? 'handoff.outOfHoursContinued' : 'handoff.outOfHours';
      await replies.say(context, key, { ticket: ticket.number, opening });
      await this.offerEmail(context, ticket);
      return;
    }
    const key = result.outOfHours
      ? 'handoff.outOfHoursUrgent'
      : continued
        ? 'handoff.queuedContinued'
        : 'handoff.queued';
    await replies.standing(context, key, ticket.number, result);
    await context.sendActivity(waitingQuestion(replies.catalogue, language, context.activity.channelId));
  }

  /**
   * A ticket left for later (opened for the service desk, or out of hours) is answered in the chat;
   * a web chat user the bot knows no address of may also want an e-mail. Teams users are reached
   * in Teams, and verified web users' addresses are known already.
   */
  private async offerEmail(context: TurnContext, ticket: { id: string; number: string }): Promise<void> {
    const { replies } = this.deps;
    const conversationId = context.activity.conversation?.id;
    if (!this.deps.askForEmail || context.activity.channelId !== WEB_CHAT_CHANNEL || !conversationId) return;
    if (userOf(context.activity).email) return;
    try {
      await this.deps.queue.feedback.askEmail(conversationId, ticket.id, replies.language(context));
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not ask for an e-mail address');
      return;
    }
    const ask = MessageFactory.suggestedActions(
      [replies.t(context, 'followUp.noEmail')],
      replies.t(context, 'followUp.askEmail', { ticket: ticket.number }),
    );
    ask.locale = replies.language(context);
    await context.sendActivity(ask);
  }
}

/**
 * True when the ticket is the case's own from before: the bot's fix the user took back, reopened,
 * which the hand-over continues on (HandoffRecords.openTicketRecord) instead of opening a new one.
 * The user is told it is open again, not that a ticket was opened.
 */
function continuesCase(ticket: { id: string }, request: { caseFile?: CaseFile }): boolean {
  const earlier = request.caseFile?.botResolution?.ticketId;
  return earlier !== undefined && ticket.id === earlier;
}
