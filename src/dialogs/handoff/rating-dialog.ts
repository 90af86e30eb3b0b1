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
import { recogniseChoice, renderChoice } from '../choices';
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
 * stored and a comment asked next; "skip" ends it; anything else is not an answer, and the bot
 * takes the message as a new one (result false).
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
    const conversationId = dc.context.activity.conversation?.id;
    if (!pending || !conversationId) return dc.endDialog(false);
    const { feedback } = this.deps.queue;
    const picked =
      scoreWritten(dc.context.activity.text ?? '') ??
      recogniseChoice(dc.context.activity, this.options(dc.context), undefined, this.deps.replies.words);
    if (!picked || picked === RATING_SKIP) {
      await feedback.clear(conversationId);
      if (!picked) return dc.endDialog(false);
      await this.deps.replies.say(dc.context, 'rating.skipped');
      return dc.endDialog(true);
    }
    await feedback.rate(conversationId, pending, Number(picked));
    await this.deps.replies.say(dc.context, 'rating.thanks');
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
