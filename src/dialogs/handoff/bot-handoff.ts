import { TurnContext } from 'botbuilder';
import { DialogContext, DialogSet } from 'botbuilder-dialogs';
import {
  userOf,
  withoutActivity,
  type ConversationStatus,
  type Handoff,
  type UserHandoff,
} from '../../handoff';
import type { Catalogue } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import type { Logger } from '../../logging';
import type { WordLists } from '../../words';
import type { CaseFile } from '../../tickets/case-file';
import { markQueued, markRelayed, provideHandoff, type PersonHandoff } from '../../turn';
import { recogniseInterruption } from '../interruptions';
import { COMMENT_DIALOG, CommentDialog } from './comment-dialog';
import { CONFIRM_TOPIC_DIALOG, ConfirmTopicDialog } from './confirm-topic-dialog';
import { EMAIL_DIALOG, EmailDialog } from './email-dialog';
import { FOLLOW_UP_DIALOG, FollowUpDialog } from '../followup/follow-up-dialog';
import type { FollowUps } from '../../followup';
import { HandoffRelay } from './handoff-relay';
import { HandoffReplies } from './handoff-replies';
import { HandoffRequester, type StartRequest, type TicketRequest } from './handoff-requester';
import { RATING_DIALOG, RatingDialog, ratingQuestion } from './rating-dialog';
import { guessTopic, type TopicKnowledge } from './topic-guess';
import { WAITING_DIALOG, WaitingDialog, type WaitingOptions } from './waiting-dialog';

export interface BotHandoffOptions {
  /** The hand-over's users' side (`src/handoff`): queue, support hours, bot chats, tickets. */
  handoff: UserHandoff;
  catalogue: Catalogue;
  defaultLanguage: Lang;
  logger: Logger;
  /** Guesses the category from the problem text when no flow named one. */
  knowledge?: TopicKnowledge;
  /** The content's word lists (content/words: answers, requests); the shipped ones when absent. */
  words?: WordLists;
  /**
   * Ask anonymous web users for an e-mail address when a ticket is left for later; off when
   * e-mail addresses are redacted from messages (PRIVACY_REDACT_EMAIL), as the bot could not read one.
   */
  askForEmail?: boolean;
  /** Takes the answer to "Did the fix hold?" (src/followup); absent: no follow-up is asked. */
  followUps?: Pick<FollowUps, 'answer'>;
}

/** Where the conversation stands with the hand-over, read once per turn. */
const STATUS = Symbol('firstline.conversationStatus');

/**
 * The bot's side of the hand-over: starts it from dialogs, and in front of every turn decides
 * whether the message belongs to a technician (relayed, the bot stays silent), to the queue
 * (the waiting dialog), to the topic question asked before queuing, or to the rating and comment
 * asked after a resolution. Those questions are pending in storage (the desk asks for the rating
 * from any instance), so each turn runs its dialog on a fresh stack: one message, one answer.
 */
export class BotHandoff implements PersonHandoff {
  private readonly replies: HandoffReplies;
  private readonly relay: HandoffRelay;
  private readonly requester: HandoffRequester;
  private readonly confirmTopic: ConfirmTopicDialog;
  private readonly dialogs = new DialogSet();

  constructor(private readonly options: BotHandoffOptions) {
    const { queue, support, tickets } = options.handoff;
    const replies = new HandoffReplies(options.catalogue, options.defaultLanguage, options.words);
    this.replies = replies;
    this.relay = new HandoffRelay({ queue, tickets, logger: options.logger });
    this.requester = new HandoffRequester({
      queue,
      support,
      replies,
      logger: options.logger,
      askForEmail: options.askForEmail,
    });
    this.confirmTopic = new ConfirmTopicDialog({
      queue,
      support,
      knowledge: options.knowledge,
      replies,
      enqueue: (context, request) => this.requester.queue(context, request),
    });
    this.dialogs
      .add(this.confirmTopic)
      .add(new WaitingDialog({ queue, replies, relay: this.relay }))
      .add(new RatingDialog({ queue, replies }))
      .add(new CommentDialog({ queue, replies }))
      .add(new EmailDialog({ queue, replies }));
    if (options.followUps)
      this.dialogs.add(
        new FollowUpDialog({
          queue,
          followUps: options.followUps,
          replies,
          ratingQuestion: (language, channelId) => ratingQuestion(options.catalogue, language, channelId),
        }),
      );
  }

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
      ? this.options.handoff.queue.conversationStatus(conversationId)
      : Promise.resolve({});
    context.turnState.set(STATUS, status);
    return status;
  }

  /** Called before the dialogs run; true when the message was handled here. */
  async intercept(context: TurnContext): Promise<boolean> {
    if (!context.activity.conversation?.id) return false;
    const { handoff, confirm, pending } = await this.conversationStatus(context);
    // The e-mail question comes right after a ticket is left for later, maybe with its hand-over
    // still queued: an answer to it is taken before the hand-over relays the message.
    if (pending?.kind === 'email' && handoff?.state !== 'assigned') {
      this.replies.keepLanguage(context, pending.language);
      if (await this.run(context, EMAIL_DIALOG, pending)) return true;
    }
    if (handoff) {
      this.replies.keepLanguage(context, handoff.language);
      return this.whileOwned(context, handoff);
    }
    if (confirm) {
      this.replies.keepLanguage(context, confirm.language);
      return this.run(context, CONFIRM_TOPIC_DIALOG, confirm);
    }
    if (!pending || pending.kind === 'email') return false;
    this.replies.keepLanguage(context, pending.language);
    if (pending.kind === 'follow-up')
      return this.options.followUps ? this.run(context, FOLLOW_UP_DIALOG, pending) : false;
    return this.run(context, pending.kind === 'rating' ? RATING_DIALOG : COMMENT_DIALOG, pending);
  }

  /**
   * Lists the conversation as one the bot is having, with the case file as it stands and the
   * number of messages the bot answered in it (`turns`), so that a technician can take it over.
   * A storage failure here must not cost the user their answer.
   */
  async noteBotTurn(context: TurnContext, turns: number, caseFile?: CaseFile): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    const { chats } = this.options.handoff;
    if (!chats || !conversationId) return;
    try {
      await chats.record(
        {
          id: conversationId,
          channelId: context.activity.channelId ?? 'unknown',
          upstream: withoutActivity(TurnContext.getConversationReference(context.activity)),
          user: userOf(context.activity),
          language: this.language(context),
          ...(caseFile ? { caseFile } : {}),
        },
        turns,
      );
    } catch (err) {
      this.options.logger.warn({ err }, 'bot chat could not be listed for technicians');
    }
  }

  /**
   * True when a hand-over owned the conversation (a technician took the chat over, or the user
   * asked for one) since the bot's last own turn, which then starts afresh. Told by the owner
   * record this turn reads anyway; the mark is cleared, so only the first turn after it is told.
   */
  async wasTakenOver(context: TurnContext): Promise<boolean> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return false;
    try {
      const { unseenHandoff } = await this.conversationStatus(context);
      if (!unseenHandoff) return false;
      await this.options.handoff.queue.handoffSeen(conversationId, unseenHandoff);
      return true;
    } catch (err) {
      this.options.logger.warn({ err }, 'hand-over mark could not be cleared');
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
    if (handoff) await this.options.handoff.queue.userTyping(handoff);
  }

  /**
   * Queues the conversation. When neither the caller nor a flow named the category, the bot
   * guesses it from the problem and asks the user to confirm first, because it picks the queue.
   */
  async start(context: TurnContext, request: StartRequest): Promise<void> {
    const language = this.language(context);
    const flow = request.caseFile?.handoffRequested;
    const conversationId = context.activity.conversation?.id;
    if (!request.category && !flow && conversationId) {
      // The latest description: a user who changed their mind ("eigentlich ist es Outlook") is
      // asked about that, not about the printer they first wrote of.
      const problem = request.caseFile?.descriptions.at(-1) ?? request.caseFile?.problem;
      const guess = guessTopic(this.options.knowledge, problem, language);
      if (guess) {
        const confirm = {
          category: guess.category,
          reason: request.reason,
          language,
          caseFile: request.caseFile,
        };
        await this.confirmTopic.ask(context, conversationId, confirm, guess.label);
        return;
      }
    }
    await this.requester.queue(context, {
      ...request,
      category: request.category ?? flow?.category,
      priority: request.priority ?? flow?.priority,
      skills: request.skills ?? flow?.skills,
    });
  }

  openTicket(context: TurnContext, request: TicketRequest): Promise<void> {
    return this.requester.openTicket(context, request);
  }

  language(context: TurnContext): Lang {
    return this.replies.language(context);
  }

  private async whileOwned(context: TurnContext, handoff: Handoff): Promise<boolean> {
    if (handoff.state === 'assigned') {
      markRelayed(context);
      await this.relay.relay(context, handoff);
      return true;
    }
    const asksForPerson = recogniseInterruption(context.activity, this.options.words) === 'human';
    if (handoff.userWaitingMode !== 'waiting') {
      // Technicians see what the user tells the bot meanwhile, also on the ticket; and what the
      // bot cannot answer is not met with "no answer, talk to a person?" (see `markQueued`).
      await this.relay.relay(context, handoff);
      if (!asksForPerson) {
        await this.relay.addToProblem(context, handoff);
        markQueued(context, handoff.ticketNumber);
        return false;
      }
      const { queue } = this.options.handoff;
      const waiting = (await queue.setWaitingMode(handoff.id, 'waiting')) ?? handoff;
      await this.replies.standing(
        context,
        'handoff.alreadyQueued',
        waiting.ticketNumber,
        await queue.standing(waiting),
      );
      return true;
    }
    markRelayed(context);
    return this.run(context, WAITING_DIALOG, { handoff, asksForPerson } satisfies WaitingOptions);
  }

  /** Runs one hand-over dialog for this message on a fresh stack; true when it took the message. */
  private async run(context: TurnContext, dialogId: string, options: object): Promise<boolean> {
    const dc = new DialogContext(this.dialogs, context, { dialogStack: [] });
    const result = await dc.beginDialog(dialogId, options);
    return result.result === true;
  }
}
