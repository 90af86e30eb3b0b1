import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import {
  RATING_SKIP,
  RATING_VALUES,
  type HandoffPrompts,
  type PendingFeedback,
  type UserQueue,
} from '../../handoff';
import type { Catalogue } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import { listsForReply, shippedWordLists, type WordLists } from '../../words';
import { isNewRequest, MAX_ANSWER_WORDS, phrasesIn, reportsProblem } from '../answer-words';
import { recogniseChoice, renderChoice, tokens } from '../choices';
import type { HandoffReplies } from './handoff-replies';

export const RATING_DIALOG = 'handoff-rating';

function ratingOptions(catalogue: Catalogue, language: Lang) {
  return [
    ...RATING_VALUES.map((value) => ({ value, label: value })),
    { value: RATING_SKIP, label: catalogue.t(language, 'rating.skip'), meaning: 'no' as const },
  ];
}

/** "How did we do?" with 1–5 and "skip", as buttons or a numbered list. */
export function ratingQuestion(catalogue: Catalogue, language: Lang, channelId: string | undefined) {
  return renderChoice(
    { question: catalogue.t(language, 'rating.question'), options: ratingOptions(catalogue, language) },
    { channelId, locale: language, textHint: catalogue.t(language, 'choice.hint') },
  );
}

/** The questions the hand-over sends outside the user's turn, asked in these dialogs' words. */
export function handoffPrompts(catalogue: Catalogue): HandoffPrompts {
  return { rating: (language, channelId) => ratingQuestion(catalogue, language, channelId) };
}

/**
 * The answer to the rating a technician's resolution asked for (sent from the desk, so the
 * question is pending on the conversation's owner record, not on a dialog stack): a score is
 * stored and a comment asked next; a rating in words ("very happy") is stored with the words as
 * its comment; "skip" ends it. A reply that is none of these is asked about once more; a new
 * problem (or a second unclear reply) drops the question and the bot takes the message as a
 * new one (result false).
 */
export class RatingDialog extends Dialog<PendingFeedback> {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'feedback'>;
      replies: HandoffReplies;
    },
  ) {
    super(RATING_DIALOG);
  }

  override async beginDialog(dc: DialogContext, pending?: PendingFeedback): Promise<DialogTurnResult> {
    const { context } = dc;
    const conversationId = context.activity.conversation?.id;
    if (!pending || !conversationId) return dc.endDialog(false);
    const { feedback } = this.deps.queue;
    const { replies } = this.deps;
    const text = context.activity.text ?? '';
    const written = scoreWritten(text);
    const language = replies.language(context);
    const inWords = written === undefined ? scoreInWords(text, replies.words, language) : undefined;
    if (inWords !== undefined) {
      // The words say why: the technician reads them as the comment, and none is asked for.
      await feedback.rateWithComment(conversationId, pending, inWords, text);
      await replies.say(context, 'rating.thanksInWords', { score: inWords });
      return dc.endDialog(true);
    }
    const picked =
      written ?? recogniseChoice(context.activity, this.options(context), undefined, replies.words);
    if (!picked) return this.unclear(dc, pending, conversationId);
    if (picked === RATING_SKIP) {
      await feedback.clear(conversationId);
      await replies.say(context, 'rating.skipped');
      return dc.endDialog(true);
    }
    await feedback.rate(conversationId, pending, Number(picked));
    await replies.say(context, 'rating.thanks');
    return dc.endDialog(true);
  }

  /** Asks once more, unless the reply is something new or the question was asked again already. */
  private async unclear(
    dc: DialogContext,
    pending: PendingFeedback,
    conversationId: string,
  ): Promise<DialogTurnResult> {
    const { context } = dc;
    const { feedback } = this.deps.queue;
    const { replies } = this.deps;
    if (pending.reasked || isNewRequest(context.activity, replies.words, replies.language(context))) {
      await feedback.clear(conversationId);
      return dc.endDialog(false);
    }
    await feedback.reask(conversationId, pending);
    await context.sendActivity(
      renderChoice(
        { question: replies.t(context, 'rating.reask'), options: this.options(context) },
        {
          channelId: context.activity.channelId,
          locale: replies.language(context),
          textHint: replies.t(context, 'choice.hint'),
        },
      ),
    );
    return dc.endDialog(true);
  }

  private options(context: TurnContext) {
    return ratingOptions(this.deps.replies.catalogue, this.deps.replies.language(context));
  }
}

const MAX_SCORE = RATING_VALUES.length;
/** Filled stars count; empty ones (☆) may pad the row. */
const STAR_ROW = /^[\s\u2B50\u2605\u2606]+$/u;
/** The emoji presentation selector some keyboards put after a star. */
const EMOJI_SELECTOR = /\uFE0F/gu;
/** Longest "4 out of 5" kind of answer, in words; longer messages are likely a new problem. */
const MAX_SCORE_WORDS = 4;

/**
 * A score written rather than picked, in any language: "4/5", "4 out of 5", "4 von 5", or a row
 * of stars. Read before the options, whose words would take "4 out of 5" for nothing (or the 5).
 */
export function scoreWritten(text: string): string | undefined {
  const trimmed = text.replace(EMOJI_SELECTOR, '').trim();
  if (!trimmed) return undefined;
  if (STAR_ROW.test(trimmed)) {
    const stars = [...trimmed].filter((c) => c === '\u2B50' || c === '\u2605').length;
    return stars >= 1 && stars <= MAX_SCORE ? String(stars) : undefined;
  }
  if (trimmed.split(/\s+/).length > MAX_SCORE_WORDS) return undefined;
  const numbers = trimmed.match(/\d+/g) ?? [];
  if (numbers.length !== 2 || Number(numbers[1]) !== MAX_SCORE) return undefined;
  const score = Number(numbers[0]);
  return score >= 1 && score <= MAX_SCORE ? String(score) : undefined;
}

/** Scores of the content/words `rating` lists. */
const SCORE_LISTS = [
  [5, 'five'],
  [4, 'four'],
  [3, 'three'],
  [2, 'two'],
  [1, 'one'],
] as const;

/**
 * A rating in words, in any language: "very happy", "sehr zufrieden", "terrible, it took
 * forever". The longest phrase of the `rating` lists the message holds gives the score ("not
 * very happy" over "very happy"); two scores tied for the longest ("good but slow"), or a message
 * reporting a fault ("good, but the printer still fails"), are no rating.
 */
export function scoreInWords(
  text: string,
  lists: WordLists = shippedWordLists(),
  language?: string,
): number | undefined {
  const words = tokens(text);
  if (words.length === 0 || words.length > MAX_ANSWER_WORDS) return undefined;
  // In the conversation's language first: Romanian "mulțumit, tot e ok" holds no German "tot" (dead).
  lists = language ? listsForReply(lists, language, words) : lists;
  if (reportsProblem(text, lists)) return undefined;
  let best: { score: number; words: number } | undefined;
  let tied = false;
  for (const [score, list] of SCORE_LISTS)
    for (const phrase of phrasesIn(text, lists, (w) => w.rating[list])) {
      if (!best || phrase.length > best.words) {
        best = { score, words: phrase.length };
        tied = false;
      } else if (phrase.length === best.words && score !== best.score) tied = true;
    }
  return best && !tied ? best.score : undefined;
}
