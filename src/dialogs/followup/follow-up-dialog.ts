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
import { leadingYesNo, recogniseChoice, renderChoice, tokens, type ChoiceOption } from '../choices';
import { listsForReply, shippedWordLists, type WordLists } from '../../words';
import { isNewRequest, MAX_ANSWER_WORDS, phrasesIn } from '../answer-words';

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
 * "Did the fix hold?" answered in words beyond yes and no (content/words `followUp`): "nope, same
 * problem again", "immer noch kaputt" did not hold ("not held" phrases win), "still works fine"
 * held; else a leading yes or no ("no, it broke again yesterday").
 */
export function followUpAnswerInWords(
  text: string,
  lists: WordLists = shippedWordLists(),
  language?: string,
): FollowUpAnswer | undefined {
  const words = tokens(text);
  if (words.length > MAX_ANSWER_WORDS) return undefined;
  const read = language ? listsForReply(lists, language, words) : lists;
  if (phrasesIn(text, read, (w) => w.followUp.notHeld).length > 0) return 'not-held';
  if (phrasesIn(text, read, (w) => w.followUp.held).length > 0) return 'held';
  const leading = leadingYesNo(text, read);
  return leading && (leading === 'yes' ? 'held' : 'not-held');
}

/**
 * The answer to "Did the fix hold?": yes closes the ticket (and, when the bot had fixed it, asks
 * for the 1–5 rating a technician's resolution asks for), no reopens it one priority higher and
 * back in the queue. A reply that is neither is asked about once more, the question staying open
 * for the next message; a new problem (or a second unclear reply) drops the question and the bot
 * takes the message as a new one (result false): the ticket then closes on silence.
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
    const language = replies.language(context);
    const options = followUpOptions(replies.catalogue, language);
    // Read in the conversation's language first: Polish "no, już działa" is a yes.
    const lists = replies.words ?? shippedWordLists();
    const read = listsForReply(lists, language, tokens(context.activity.text ?? ''));
    const picked = recogniseChoice(context.activity, options, undefined, read);
    const answer: FollowUpAnswer | undefined = picked
      ? picked === FOLLOW_UP_HELD
        ? 'held'
        : 'not-held'
      : followUpAnswerInWords(context.activity.text ?? '', lists, language);
    if (!answer && !pending.reasked && !isNewRequest(context.activity, lists, language)) {
      await this.deps.queue.feedback.reask(conversationId, pending);
      const t = (key: string) => replies.catalogue.t(language, key);
      await context.sendActivity(
        renderChoice(
          { question: t('followUp.reask'), options },
          { channelId: context.activity.channelId, locale: language, textHint: t('choice.hint') },
        ),
      );
      return dc.endDialog(true);
    }
    await this.deps.queue.feedback.clear(conversationId);
    if (!answer) return dc.endDialog(false);
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
