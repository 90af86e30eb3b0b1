import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../i18n/languages';
import type { MatchResult } from '../knowledge/matcher';
import { recogniseChoice, type ChoiceOption } from './choices';
import { ask, languageOf, reroute, say, type DialogServices } from './dialog-services';
import type { ProblemHandlers } from './problem-handlers';
import { detectedLanguageOf, isFrustratedTurn } from '../turn';

export const CLARIFY = 'clarify';
const NONE = 'none';

/**
 * How sure a reply to "which of these?" must be about one of the topics just offered for "Is this
 * about …?" (below the matcher's clarify threshold, 0.35: the choice is among few known topics).
 */
const NARROWING_CONFIDENCE = 0.25;

export interface ClarifyOptions {
  /** One result per topic, best first: 2-3 to choose from, or one to confirm. */
  candidates: MatchResult[];
  /**
   * A language model's answer from these candidates' articles (sanitised Markdown): shown first,
   * with the articles it cites, by title, as the choices.
   */
  answer?: string;
  /** The user was already told of a known problem this turn: a pick does not repeat it. */
  announced?: boolean;
}

interface ClarifyState extends ClarifyOptions {
  reprompted: boolean;
}

/**
 * "Which of these is closest?" with the likeliest topics and "None of these"; with one plausible
 * topic, "Is this about …?" with yes and no. A pick starts that topic's article (or flow); "none"
 * or "no" takes the no-answer path. Asking first matters: a half-understood message ("hold on a
 * sec") must not start a walk-through the user never asked for.
 */
export class ClarifyDialog extends Dialog<ClarifyOptions> {
  constructor(
    private readonly services: DialogServices,
    private readonly handlers: ProblemHandlers,
    private readonly noAnswer: (dc: DialogContext) => Promise<DialogTurnResult>,
    /** Tells the user when the picked topic is a known problem (an active incident). */
    private readonly announceKnownProblem?: (context: TurnContext, picked: MatchResult) => Promise<void>,
  ) {
    super(CLARIFY);
  }

  override async beginDialog(dc: DialogContext, options?: ClarifyOptions): Promise<DialogTurnResult> {
    const state: ClarifyState = {
      candidates: options?.candidates ?? [],
      answer: options?.answer,
      announced: options?.announced,
      reprompted: false,
    };
    dc.activeDialog!.state = state;
    await this.ask(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as ClarifyState;
    const language = languageOf(dc.context, this.services);
    const choice = recogniseChoice(
      dc.context.activity,
      this.options(state, language),
      undefined,
      this.services.words,
    );
    if (choice === NONE) return this.noAnswer(dc);
    const picked = state.candidates.find((c) => optionValue(c) === choice);
    if (picked) {
      if (!state.announced) await this.announceKnownProblem?.(dc.context, picked);
      const started = await this.handlers.start(dc, picked);
      if (started) return started;
    }
    const text = (dc.context.activity.text ?? '').trim();
    if (!text) return Dialog.EndOfTurn;
    const detectedLanguage = detectedLanguageOf(dc.context, text, language);
    const match = this.services.knowledge.match(text, { language, detectedLanguage });
    // A clear new description deserves an answer, not a second "which of these?"; so does a
    // vaguer one that points elsewhere ("something with email" to VPN / Password reset /
    // Outlook): the user described the problem better instead of picking, and is asked about
    // what they said rather than told "I didn't get that" with the same unrelated options.
    const top = match.results[0];
    const offered = top && state.candidates.find((c) => c.topic === top.topic);
    if (
      state.reprompted ||
      match.decision === 'answer' ||
      (match.decision === 'clarify' && top && !offered)
    ) {
      return dc.endDialog(reroute(text));
    }
    // A description pointing at one of the offered topics ("it's about mail" to VPN / Password
    // reset / Outlook) narrows the question to that topic: "Is this about Outlook?". The user was
    // just shown these topics, so a lean towards one of them is enough to ask a yes or no about it.
    if (
      top &&
      (match.decision === 'clarify' || top.confidence >= NARROWING_CONFIDENCE) &&
      offered &&
      state.candidates.length > 1 &&
      state.answer === undefined
    ) {
      state.candidates = [offered];
      await this.ask(dc.context, state);
      return Dialog.EndOfTurn;
    }
    state.reprompted = true;
    // "This is useless" was just answered with empathy and the offer of a person: "I didn't get
    // that" after it reads as if the bot had not listened.
    if (!isFrustratedTurn(dc.context)) await say(dc.context, this.services, 'choice.notUnderstood');
    await this.ask(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, instance.state as ClarifyState);
  }

  private async ask(context: TurnContext, state: ClarifyState): Promise<void> {
    const language = languageOf(context, this.services);
    const { catalogue, knowledge } = this.services;
    if (state.answer !== undefined) {
      const question = catalogue.t(language, 'grounded.sources');
      await ask(context, this.services, {
        lead: state.answer,
        question,
        options: this.options(state, language),
      });
      return;
    }
    const [only] = state.candidates;
    const question =
      state.candidates.length === 1 && only
        ? catalogue.t(language, 'clarify.confirm', { topic: knowledge.topicLabel(only.topic, language) })
        : catalogue.t(language, 'clarify.question');
    await ask(context, this.services, { question, options: this.options(state, language) });
  }

  private options(state: ClarifyState, language: Lang): ChoiceOption[] {
    const { knowledge, catalogue } = this.services;
    const [only] = state.candidates;
    if (state.answer !== undefined) {
      // The cited articles by their titles (what the answer was drawn from), then a person.
      return [
        ...state.candidates.map((c) => ({
          value: optionValue(c),
          label: knowledge.getArticle(c.id, language)?.article.title ?? c.title,
          synonyms: [knowledge.topicLabel(c.topic, language)],
        })),
        { value: NONE, label: catalogue.t(language, 'choice.noneOfThese'), meaning: 'none' as const },
      ];
    }
    if (state.candidates.length === 1 && only) {
      const topic = knowledge.topicLabel(only.topic, language);
      return [
        {
          value: optionValue(only),
          label: catalogue.t(language, 'choice.yes'),
          meaning: 'yes',
          synonyms: [topic, only.title],
        },
        {
          value: NONE,
          label: catalogue.t(language, 'choice.no'),
          meaning: 'no',
          synonyms: [catalogue.t(language, 'choice.noneOfThese')],
        },
      ];
    }
    return [
      ...state.candidates.map((c) => ({
        value: optionValue(c),
        label: knowledge.topicLabel(c.topic, language),
        synonyms: [c.title],
      })),
      { value: NONE, label: catalogue.t(language, 'choice.noneOfThese'), meaning: 'none' as const },
    ];
  }
}

function optionValue(result: MatchResult): string {
  return `${result.kind}:${result.id}`;
}
