import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { recogniseChoice, renderChoice, submittedChoice } from '../dialogs/choices';
import { recogniseInterruption } from '../dialogs/interruptions';
import type { WordLists } from '../words';
import type { CaseFile } from '../dialogs/case-file';
import type { KnowledgeLookup } from '../dialogs/knowledge-lookup';
import type { Catalogue, Vars } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import type { TicketStore, TicketUser } from '../tickets';
import type { PendingConfirmation, PendingFeedback } from './conversation-owners';
import type { ConversationStatus, UserQueue } from './user-queue';
import type { Handoff, HandoffRequestResult } from './handoff-types';
import {
  formatOpening,
  isTimeZone,
  positionText,
  RATING_SKIP,
  RATING_VALUES,
  WAIT_CHOICES,
  waitingOptions,
  waitingQuestion,
} from './handoff-texts';
import type { BotChat, BotChats } from './bot-chats';
import type { SupportConfig } from './support-config';
import { withoutActivity } from './ticket-request';
import { markQueued, markRelayed, provideHandoff, turnLanguage, type PersonHandoff } from '../turn';

export interface BotHandoffOptions {
  queue: UserQueue;
  catalogue: Catalogue;
  support: SupportConfig;
  defaultLanguage: Lang;
  logger: Logger;
  /** Guesses the category from the problem text when no flow named one. */
  knowledge?: Pick<KnowledgeLookup, 'match' | 'topicLabel'>;
  /** Where the chats the bot answers are listed for technicians to take over. */
  chats?: BotChats;
  /** What the user writes while waiting goes onto the ticket's problem. */
  tickets?: Pick<TicketStore, 'addToProblem'>;
  /** The content's word lists (content/words: answers, requests); the shipped ones when absent. */
  words?: WordLists;
}

const LANGUAGE = Symbol('firstline.handoffLanguage');
/** Where the conversation stands with the hand-over, read once per turn. */
const STATUS = Symbol('firstline.conversationStatus');
/** The bot-chat record as this turn read it. */
const CHAT_READ = Symbol('firstline.botChatRead');
const CONFIRM_YES = 'handoff-topic-yes';
const CONFIRM_NO = 'handoff-topic-no';

/**
 * The bot's side of the hand-over: starts it from dialogs, and in front of every turn decides
 * whether the message belongs to a technician (relayed, the bot stays silent), to the queue
 * (waiting choices) or to the rating asked after a resolution.
 */
export class BotHandoff implements PersonHandoff {
  constructor(private readonly options: BotHandoffOptions) {}

  /** Makes this hand-over available to the turn's dialogs. */
  attach(context: TurnContext): void {
    provideHandoff(context, this);
  }

  /**
   * Where the conversation stands with the hand-over: one read of its owner record per turn,
   * which every check of this turn shares.
   */
  async conversationStatus(context: TurnContext): Promise<ConversationStatus> {
    const read = context.turnState.get(STATUS) as Promise<ConversationStatus> | undefined;
    if (read) return read;
    const conversationId = context.activity.conversation?.id;
    const status = conversationId
      ? this.options.queue.conversationStatus(conversationId)
      : Promise.resolve({});
    context.turnState.set(STATUS, status);
    return status;
  }

  /** Called before the dialogs run; true when the message was handled here. */
  async intercept(context: TurnContext): Promise<boolean> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return false;
    const { handoff, confirm, pending } = await this.conversationStatus(context);
    // The bot's own language logic does not run for these messages: the language the user had
    // when they asked for a person is the one they are answered in.
    if (handoff) {
      context.turnState.set(LANGUAGE, handoff.language);
      return this.whileOwned(context, handoff);
    }
    if (confirm) {
      context.turnState.set(LANGUAGE, confirm.language);
      return this.confirmed(context, conversationId, confirm);
    }
    if (!pending) return false;
    context.turnState.set(LANGUAGE, pending.language);
    return this.feedback(context, conversationId, pending);
  }

  /**
   * Lists the conversation as one the bot is having, with the case file as it stands, so that a
   * technician can take it over. A storage failure here must not cost the user their answer.
   */
  async noteBotTurn(context: TurnContext, caseFile?: CaseFile): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!this.options.chats || !conversationId) return;
    try {
      await this.options.chats.record(
        {
          id: conversationId,
          channelId: context.activity.channelId ?? 'unknown',
          upstream: withoutActivity(TurnContext.getConversationReference(context.activity)),
          user: userOf(context.activity),
          language: this.language(context),
          ...(caseFile ? { caseFile } : {}),
        },
        context.turnState.get(CHAT_READ) as { chat: BotChat | undefined } | undefined,
      );
    } catch (err) {
      this.options.logger.warn({ err }, 'bot chat could not be listed for technicians');
    }
  }

  /** True when a technician took the chat over since the bot's last answer (and handed it back). */
  async wasTakenOver(context: TurnContext): Promise<boolean> {
    const conversationId = context.activity.conversation?.id;
    if (!this.options.chats || !conversationId) return false;
    try {
      const chat = await this.options.chats.get(conversationId);
      // noteBotTurn() at the end of this turn updates the record it read here.
      context.turnState.set(CHAT_READ, { chat });
      return chat?.takenOverAt !== undefined;
    } catch {
      return false;
    }
  }

  /** True while a hand-over (queued or with a technician) owns the conversation. */
  async ownsConversation(context: TurnContext): Promise<boolean> {
    return (await this.conversationStatus(context)).handoff !== undefined;
  }

  /** The user is typing: the technician sees it. */
  async userTyping(context: TurnContext): Promise<void> {
    const { handoff } = await this.conversationStatus(context);
    if (handoff) await this.options.queue.userTyping(handoff);
  }

  /**
   * Queues the conversation. When neither the caller nor a flow named the category, the bot
   * guesses it from the problem and asks the user to confirm first, because it picks the queue.
   */
  async start(context: TurnContext, request: Parameters<PersonHandoff['start']>[1]): Promise<void> {
    const language = this.language(context);
    const flow = request.caseFile?.handoffRequested;
    const conversationId = context.activity.conversation?.id;
    if (!request.category && !flow && conversationId) {
      const guess = this.guessTopic(
        request.caseFile?.problem ?? request.caseFile?.descriptions.at(-1),
        language,
      );
      if (guess) {
        const confirm = {
          category: guess.category,
          reason: request.reason,
          language,
          caseFile: request.caseFile,
        };
        await this.options.queue.setConfirmation(conversationId, confirm);
        await context.sendActivity(this.confirmQuestion(context, guess.label));
        return;
      }
    }
    await this.queue(context, {
      ...request,
      category: request.category ?? flow?.category,
      priority: request.priority ?? flow?.priority,
      skills: request.skills ?? flow?.skills,
    });
  }

  private async queue(context: TurnContext, request: Parameters<PersonHandoff['start']>[1]): Promise<void> {
    let result: HandoffRequestResult;
    try {
      result = await this.options.queue.request({
        reference: TurnContext.getConversationReference(context.activity),
        user: userOf(context.activity),
        language: this.language(context),
        channelId: context.activity.channelId ?? 'unknown',
        ...request,
      });
    } catch (err) {
      this.options.logger.error({ err }, 'hand-over could not be queued');
      await this.say(context, 'handoff.failed');
      return;
    }
    await this.announce(context, result);
  }

  /** The answer to "is it about X?": yes keeps X, anything else is read for another topic. */
  private async confirmed(
    context: TurnContext,
    conversationId: string,
    confirm: PendingConfirmation,
  ): Promise<boolean> {
    await this.options.queue.setConfirmation(conversationId, undefined);
    const picked = recogniseChoice(
      context.activity,
      this.confirmOptions(context),
      undefined,
      this.options.words,
    );
    const text = (context.activity.text ?? '').trim();
    const other =
      picked === undefined && text ? this.guessTopic(text, confirm.language)?.category : undefined;
    const category =
      picked === CONFIRM_YES ? confirm.category : (other ?? this.options.support.defaultCategory);
    await this.queue(context, { reason: confirm.reason, caseFile: confirm.caseFile, category });
    return true;
  }

  private confirmOptions(context: TurnContext) {
    return [
      { value: CONFIRM_YES, label: this.t(context, 'choice.yes'), meaning: 'yes' as const },
      { value: CONFIRM_NO, label: this.t(context, 'choice.somethingOther'), meaning: 'no' as const },
    ];
  }

  private confirmQuestion(context: TurnContext, topic: string): Partial<Activity> {
    const language = this.language(context);
    return renderChoice(
      { question: this.t(context, 'handoff.confirmTopic', { topic }), options: this.confirmOptions(context) },
      { channelId: context.activity.channelId, locale: language, textHint: this.t(context, 'choice.hint') },
    );
  }

  async openTicket(context: TurnContext, request: Parameters<PersonHandoff['openTicket']>[1]): Promise<void> {
    const language = this.language(context);
    try {
      const ticket = await this.options.queue.openTicket({
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
      const priority = this.options.catalogue.t(language, `handoff.priority.${ticket.priority}`);
      const text = this.options.catalogue.t(language, 'ticket.opened', { ticket: ticket.number, priority });
      await this.send(context, [request.lead, text].filter(Boolean).join('\n\n'));
    } catch (err) {
      this.options.logger.error({ err }, 'ticket could not be opened');
      await this.send(
        context,
        [request.lead, this.t(context, 'handoff.failed')].filter(Boolean).join('\n\n'),
      );
    }
  }

  private async announce(context: TurnContext, result: HandoffRequestResult): Promise<void> {
    const { handoff, ticket, position, estimatedWaitMinutes: minutes } = result;
    const language = this.language(context);
    const standing = positionText(this.options.catalogue, language, position, minutes);
    if (result.existing) {
      await this.send(
        context,
        `${this.t(context, 'handoff.alreadyQueued', { ticket: ticket.number })} ${standing}`,
      );
      return;
    }
    if (result.outOfHours && handoff.userWaitingMode === 'left-message') {
      const zone = isTimeZone(context.activity.localTimezone)
        ? context.activity.localTimezone
        : this.options.support.timeZone;
      const opening = formatOpening(new Date(result.outOfHours.nextOpening), language, zone);
      await this.say(context, 'handoff.outOfHours', { ticket: ticket.number, opening });
      return;
    }
    const key = result.outOfHours ? 'handoff.outOfHoursUrgent' : 'handoff.queued';
    await this.send(context, `${this.t(context, key, { ticket: ticket.number })} ${standing}`);
    await context.sendActivity(waitingQuestion(this.options.catalogue, language, context.activity.channelId));
  }

  private async whileOwned(context: TurnContext, handoff: Handoff): Promise<boolean> {
    const { queue } = this.options;
    if (handoff.state === 'assigned') {
      markRelayed(context);
      await queue.relayFromUser(context, handoff);
      return true;
    }
    const asksForPerson = recogniseInterruption(context.activity, this.options.words) === 'human';
    if (handoff.userWaitingMode !== 'waiting') {
      // Technicians see what the user tells the bot meanwhile, also on the ticket; and what the
      // bot cannot answer is not met with "no answer, talk to a person?" (see `markQueued`).
      await queue.relayFromUser(context, handoff);
      if (!asksForPerson) {
        await this.addToProblem(context, handoff);
        markQueued(context, handoff.ticketNumber);
        return false;
      }
      const waiting = (await queue.setWaitingMode(handoff.id, 'waiting')) ?? handoff;
      await this.tellStanding(context, waiting, 'handoff.alreadyQueued');
      return true;
    }
    markRelayed(context);
    return this.whileWaiting(context, handoff, asksForPerson);
  }

  private async whileWaiting(
    context: TurnContext,
    handoff: Handoff,
    asksForPerson: boolean,
  ): Promise<boolean> {
    const { queue, catalogue } = this.options;
    const vars = { ticket: handoff.ticketNumber };
    const picked = recogniseChoice(
      context.activity,
      waitingOptions(catalogue, this.language(context)),
      undefined,
      this.options.words,
    );
    if (picked === WAIT_CHOICES.leaveMessage) {
      await queue.setWaitingMode(handoff.id, 'left-message');
      await this.say(context, 'handoff.leftMessage', vars);
      return true;
    }
    if (picked === WAIT_CHOICES.continueWithBot) {
      await queue.setWaitingMode(handoff.id, 'continue-with-bot');
      await this.say(context, 'handoff.continueWithBot');
      return true;
    }
    if (picked === WAIT_CHOICES.wait || asksForPerson) {
      await this.tellStanding(context, handoff, picked ? 'handoff.keepWaiting' : 'handoff.alreadyQueued');
      return true;
    }
    if (recogniseInterruption(context.activity, this.options.words) === 'restart') {
      await queue.cancelByUser(handoff.id);
      await this.say(context, 'handoff.cancelled', vars);
      return true;
    }
    await queue.relayFromUser(context, handoff);
    await this.addToProblem(context, handoff);
    await this.say(context, 'handoff.noted');
    return true;
  }

  /** The user's typed words onto the ticket's problem; a failure must not lose the relay. */
  private async addToProblem(context: TurnContext, handoff: Handoff): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    if (!text || !this.options.tickets || submittedChoice(context.activity) !== undefined) return;
    await this.options.tickets
      .addToProblem(handoff.ticketId, text)
      .catch((err: unknown) => this.options.logger.warn({ err }, 'could not add to the ticket problem'));
  }

  private async tellStanding(context: TurnContext, handoff: Handoff, key: string): Promise<void> {
    const { position, estimatedWaitMinutes } = await this.options.queue.standing(handoff);
    const standing = positionText(
      this.options.catalogue,
      this.language(context),
      position,
      estimatedWaitMinutes,
    );
    await this.send(context, `${this.t(context, key, { ticket: handoff.ticketNumber })} ${standing}`);
  }

  private async feedback(
    context: TurnContext,
    conversationId: string,
    pending: PendingFeedback,
  ): Promise<boolean> {
    const { queue } = this.options;
    if (pending.kind === 'rating') {
      const options = [...RATING_VALUES.map((value) => ({ value, label: value })), skipOption(this, context)];
      const picked = recogniseChoice(context.activity, options, undefined, this.options.words);
      if (!picked || picked === RATING_SKIP) {
        await queue.feedback.clear(conversationId);
        if (!picked) return false;
        await this.say(context, 'rating.skipped');
        return true;
      }
      await queue.feedback.rate(conversationId, pending, Number(picked));
      await this.say(context, 'rating.thanks');
      return true;
    }
    await queue.feedback.clear(conversationId);
    const text = (context.activity.text ?? '').trim();
    if (!text || recogniseInterruption(context.activity, this.options.words)) return false;
    if (recogniseChoice(context.activity, [skipOption(this, context)], undefined, this.options.words)) {
      await this.say(context, 'rating.skipped');
      return true;
    }
    await queue.feedback.comment(conversationId, pending.ticketId, text);
    await this.say(context, 'rating.commentSaved');
    return true;
  }

  /** The best-matching topic's label and category ("network.wifi" → "network"), if any matched. */
  private guessTopic(
    text: string | undefined,
    language: Lang,
  ): { category: string; label: string } | undefined {
    const knowledge = this.options.knowledge;
    if (!text || !knowledge) return undefined;
    const response = knowledge.match(text, { language });
    const top = response.decision === 'none' ? undefined : response.results[0];
    const category = top?.topic.split('.')[0];
    if (!top || !category) return undefined;
    return { category, label: knowledge.topicLabel(top.topic, language) };
  }

  language(context: TurnContext): Lang {
    return (
      (context.turnState.get(LANGUAGE) as Lang | undefined) ??
      turnLanguage(context, this.options.defaultLanguage)
    );
  }

  t(context: TurnContext, key: string, vars?: Vars): string {
    return this.options.catalogue.t(this.language(context), key, vars);
  }

  private say(context: TurnContext, key: string, vars?: Vars): Promise<void> {
    return this.send(context, this.t(context, key, vars));
  }

  private async send(context: TurnContext, text: string): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.Message, text, locale: this.language(context) });
  }
}

function skipOption(handoff: BotHandoff, context: TurnContext) {
  return { value: RATING_SKIP, label: handoff.t(context, 'rating.skip'), meaning: 'no' as const };
}

/** Who the ticket is for: Teams gives a name and Entra ids, web chat the server-assigned id. */
export function userOf(activity: Partial<Activity>): TicketUser {
  const from = activity.from;
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  const tenantId = activity.conversation?.tenantId ?? channelData?.tenant?.id;
  return {
    id: from?.id ?? 'unknown',
    ...(from?.name ? { name: from.name } : {}),
    ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
    ...(tenantId ? { tenantId } : {}),
  };
}
