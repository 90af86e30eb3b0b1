import {
  ActivityTypes,
  type Activity,
  type BotState,
  type StatePropertyAccessor,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import {
  isRelayed,
  markFrustrated,
  markPersonOfferedBefore,
  markTookFrustrationOffer,
  offerFollowsReply,
  turnLanguage,
} from '../../turn';
import type { Lang } from '../../i18n/languages';
import type { WordLists } from '../../words';
import { renderChoice, supportsCards } from '../choices';
import { HUMAN_CHOICE, recogniseInterruption } from '../interruptions';
import { assessFrustration, type FrustrationSignal, type FrustrationState } from './assess-frustration';

export interface FrustrationTexts {
  /** "I'm sorry this is so frustrating... would you like a person?" */
  empathy(lang: Lang): string;
  /** The label of the button that asks for a person. */
  talkToPerson(lang: Lang): string;
}

export interface FrustrationOptions {
  /**
   * The bot's conversation state (the same object the bot saves): the score is one of its
   * properties, so it is written with the bot's own state, one write per turn instead of two.
   */
  state: BotState;
  texts: FrustrationTexts;
  defaultLanguage: Lang;
  /** The content's word lists: frustration phrases and requests for a person. */
  words: WordLists;
  /** Told about every signal, e.g. for analytics. */
  onSignal?: (context: TurnContext, signal: FrustrationSignal) => void;
}

/**
 * Watches every message for frustration and, when the score crosses the threshold, puts an
 * empathetic reply with a "talk to a person" button in front of the bot's own answer. The active
 * dialog (a flow, a walk-through) carries on underneath, so the user can also just keep going;
 * the button is the router's "person" interruption, which works from any dialog.
 *
 * The score is a property of the bot's conversation state, through the same state object the bot
 * saves (a second object on the same record would overwrite the bot's changes, or they its), so
 * the bot's save at the end of its turn writes it too; the save here after the turn writes only
 * what changed since (usually nothing).
 */
export function frustrationMiddleware(options: FrustrationOptions): Middleware {
  const state = options.state;
  const accessor = state.createProperty<FrustrationState | undefined>('frustration');
  return {
    async onTurn(context, next) {
      const text =
        context.activity.type === ActivityTypes.Message ? (context.activity.text ?? '').trim() : '';
      // Someone asking for a person gets one from the router; no need to offer it as well.
      if (recogniseInterruption(context.activity, options.words) === 'human') {
        await noteRequestForPerson(context, accessor);
        await next();
        return state.saveChanges(context, false);
      }
      if (!text) return next();
      const previous = await accessor.get(context);
      if (previous?.offered) markPersonOfferedBefore(context);
      const signal = assessFrustration(text, previous, options.words);
      await accessor.set(context, signal.state);
      let offered = !signal.frustrated;
      if (signal.frustrated) {
        markFrustrated(context, signal.complaintOnly);
        options.onSignal?.(context, signal);
        context.onSendActivities(async (ctx, activities, sendNext) => {
          // A message that went to a hand-over (technician or queue) gets no offer of a person.
          const first =
            !offered && !isRelayed(ctx) && activities.some((a) => a.type === ActivityTypes.Message);
          if (first && !offerFollowsReply(ctx)) {
            offered = true;
            // Sent as an activity of its own, not slipped into this batch: the batch was already
            // addressed to the conversation, and every send handler (the transcript too) sees it.
            await ctx.sendActivity(offer(ctx, options));
          }
          return sendNext();
        });
      }
      await next();
      if (!offered && !isRelayed(context)) {
        offered = true;
        await context.sendActivity(offer(context, options));
      }
      await state.saveChanges(context, false);
    },
  };
}

async function noteRequestForPerson(
  context: TurnContext,
  accessor: StatePropertyAccessor<FrustrationState | undefined>,
): Promise<void> {
  const before = await accessor.get(context);
  if (!before?.offered) return;
  markTookFrustrationOffer(context);
  await accessor.set(context, { ...before, offered: false });
}

function offer(context: TurnContext, options: FrustrationOptions): Partial<Activity> {
  const lang = turnLanguage(context, options.defaultLanguage);
  const text = options.texts.empathy(lang);
  // Without cards a numbered list would make "1" ambiguous with the question below: text only.
  if (!supportsCards(context.activity.channelId)) return { type: ActivityTypes.Message, text, locale: lang };
  const activity = renderChoice(
    {
      question: text,
      options: [{ value: HUMAN_CHOICE, label: options.texts.talkToPerson(lang), meaning: 'yes' }],
    },
    { channelId: context.activity.channelId, locale: lang, textHint: '' },
  );
  // Sent in front of the bot's reply, which is what the user is expected to answer.
  return { ...activity, inputHint: 'acceptingInput' };
}
