import type { Activity, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { PendingFeedback, UserQueue } from '../../handoff';
import {
  FOLLOW_UP_HELD,
  FOLLOW_UP_NOT_HELD,
  type FollowUpAnswer,
  type FollowUpPrompts,
  type FollowUps,
} from '../../followup';
import type { Catalogue, Vars } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import type { Ticket } from '../../tickets';
import { recogniseChoice, renderChoice, type ChoiceOption } from '../choices';
import type { WordLists } from '../../words';

export const FOLLOW_UP_DIALOG = 'follow-up-answer';

/** How the dialog talks: in the language of the question, from the catalogue (the hand-over's replies). */
export interface FollowUpReplies {
  readonly catalogue: Catalogue;
  readonly words?: WordLists;
  language(context: TurnContext): Lang;
  say(context: TurnContext, key: string, vars?: Vars): Promise<void>;
}

function followUpOptions(catalogue: Catalogue, language: Lang): ChoiceOption[] {
  return [
    { value: FOLLOW_UP_HELD, label: catalogue.t(language, 'followUp.held'), meaning: 'yes' },
    { value: FOLLOW_UP_NOT_HELD, label: catalogue.t(language, 'followUp.notHeld'), meaning: 'no' },
  ];
}

/** "Your ticket HD-1001 was resolved. Did the fix hold?" with yes and no, as buttons or a list. */
export function followUpPrompts(catalogue: Catalogue): FollowUpPrompts {
  return {
    question: (language, channelId, ticketNumber) =>
      renderChoice(
        {
          question: catalogue.t(language, 'followUp.question', { ticket: ticketNumber }),
          options: followUpOptions(catalogue, language),
        },
        { channelId, locale: language, textHint: catalogue.t(language, 'choice.hint') },
      ),
  };
}

/**
 * The answer to "Did the fix hold?": yes closes the ticket (and, when the bot had fixed it, asks
 * for the 1–5 rating a technician's resolution asks for), no reopens it one priority higher and
 * back in the queue. Anything else is not an answer: the question is dropped and the bot takes
 * the message as a new one (result false); the ticket closes on silence.
 */
export class FollowUpDialog extends Dialog<PendingFeedback> {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'feedback'>;
      followUps: Pick<FollowUps, 'answer'>;
      replies: FollowUpReplies;
      /** "How happy are you with the help?" 1–5, as after a technician's resolution. */
      ratingQuestion: (language: Lang, channelId: string | undefined) => Partial<Activity>;
    },
  ) {
    super(FOLLOW_UP_DIALOG);
  }

  override async beginDialog(dc: DialogContext, pending?: PendingFeedback): Promise<DialogTurnResult> {
    const { context } = dc;
    const conversationId = context.activity.conversation?.id;
    if (!pending || !conversationId) return dc.endDialog(false);
    const { replies } = this.deps;
    const picked = recogniseChoice(
      context.activity,
      followUpOptions(replies.catalogue, replies.language(context)),
      undefined,
      replies.words,
    );
    await this.deps.queue.feedback.clear(conversationId);
    if (!picked) return dc.endDialog(false);
    const answer: FollowUpAnswer = picked === FOLLOW_UP_HELD ? 'held' : 'not-held';
    const from = context.activity.from;
    const ticket: Ticket | undefined = await this.deps.followUps.answer(pending.ticketId, answer, {
      kind: 'user',
      id: from?.id,
      name: from?.name || 'user',
    });
    if (!ticket) {
      await replies.say(context, 'followUp.alreadySettled');
      return dc.endDialog(true);
    }
    await replies.say(context, answer === 'held' ? 'followUp.closed' : 'followUp.reopened', {
      ticket: ticket.number,
    });
    // The bot's own fix, confirmed: rated like a technician's (the rating dialog reads the score).
    if (answer === 'held' && ticket.resolution?.byBot) {
      const language = replies.language(context);
      await this.deps.queue.feedback.askRating(conversationId, ticket.id, language);
      await context.sendActivity(this.deps.ratingQuestion(language, context.activity.channelId));
    }
    return dc.endDialog(true);
  }
}
