import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Lang } from '../i18n/languages';
import type { MatchResult } from '../knowledge/matcher';
import {
  clearMisses,
  learnFacts,
  markHelped,
  recordStep,
  recordSuggestion,
  setOutcome,
  type StepResult,
} from './case-file';
import { leadingYesNo, negatedStatement, recogniseChoice, yesWithWhy, type ChoiceOption } from './choices';
import { namedStep, walkedSteps } from './walked-steps';
import { articleThumbsCard } from './article-thumbs';
import { ask, languageOf, reroute, say, startInPlace, type DialogServices } from './dialog-services';
import { ANYTHING_ELSE, OFFER_TECHNICIAN } from './follow-up-dialogs';
import { chatMarkdown } from './markdown';
import type { ProblemHandler } from './problem-handlers';
import { problemTexts, reportsFault } from './request-faults';
import { detectedLanguageOf, isComplaintOnlyTurn } from '../turn';
import { namesOnlyTheDevice, otherProblem } from './topic-switch';
import { extractFacts } from './facts';
import { saysStillBroken } from './fix-taken-back';

export const ARTICLE_WALKTHROUGH = 'article-walkthrough';

export interface WalkthroughOptions {
  articleId: string;
  topic: string;
  confidence: number;
  /**
   * A fault reported on a request topic (src/dialogs/request-faults.ts): only the article's
   * `faultSteps` are walked, and with none of them the summary goes straight to a technician.
   */
  fault?: boolean;
  /** The article's step (1-based) the walk starts at: the message named its problem (`startAt`). */
  startStep?: number;
}

interface WalkthroughState extends WalkthroughOptions {
  /** 0-based index of the step on screen among the steps walked (`walkedSteps`). */
  step: number;
  reprompted: boolean;
  /** A different problem the user typed mid-way, waiting for "leave these steps?" to be confirmed. */
  pendingSwitch?: { text: string; topic: string };
}

/**
 * Walks the user through an article one step at a time, asking after each whether it worked.
 * The article is looked up again for every step, so a language switch mid-way takes effect.
 */
export class ArticleWalkthroughDialog extends Dialog<WalkthroughOptions> {
  constructor(private readonly services: DialogServices) {
    super(ARTICLE_WALKTHROUGH);
  }

  override async beginDialog(dc: DialogContext, options?: WalkthroughOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('ArticleWalkthroughDialog needs an article');
    const language = languageOf(dc.context, this.services);
    const found = this.services.knowledge.getArticle(options.articleId, language);
    if (!found) {
      await say(dc.context, this.services, 'walkthrough.missing');
      return dc.endDialog();
    }
    const { cases, catalogue } = this.services;
    const file = await cases.current(dc.context, language);
    const { article } = found;
    recordSuggestion(
      file,
      {
        articleId: article.id,
        title: article.title,
        language: found.language,
        confidence: options.confidence,
      },
      cases.now(),
    );
    clearMisses(file, cases.now());
    const intro = [catalogue.t(language, 'walkthrough.intro', { title: article.title })];
    if (found.fallback) {
      const name = catalogue.t(language, `walkthrough.languageName.${found.language}`);
      intro.push(catalogue.t(language, 'walkthrough.otherLanguage', { language: name }));
    }
    intro.push(chatMarkdown(article.summary));
    const state: WalkthroughState = { ...options, step: 0, reprompted: false };
    // A fault the article has no steps for (a new joiner's account, a device to replace): nothing
    // to try, so the summary and a technician, with the case as it stands, as an incident.
    if (walkedSteps(article, options).length === 0) {
      intro.push(catalogue.t(language, 'walkthrough.noSteps'));
      await dc.context.sendActivity({ type: 'message', text: intro.join('\n\n'), locale: language });
      markHelped(file, article.id, false, cases.now());
      setOutcome(file, 'unresolved', cases.now());
      return startInPlace(dc, OFFER_TECHNICIAN);
    }
    await dc.context.sendActivity({ type: 'message', text: intro.join('\n\n'), locale: language });
    dc.activeDialog!.state = state;
    await this.showStep(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as WalkthroughState;
    if (state.pendingSwitch) return this.continueSwitch(dc, state, state.pendingSwitch);
    const language = languageOf(dc.context, this.services);
    const choice = recogniseChoice(
      dc.context.activity,
      this.stepOptions(language),
      undefined,
      this.services.words,
    );
    if (choice) state.reprompted = false;
    if (choice === 'yes') return this.resolved(dc, state);
    if (choice === 'no') return this.nextStep(dc, state);
    if (choice === 'stop') return this.stopped(dc, state);
    return this.unrecognised(dc, state, language);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as WalkthroughState;
    if (state.pendingSwitch) await this.askSwitch(context, state, state.pendingSwitch.topic);
    else await this.showStep(context, state);
  }

  /** The step worked; `said` is what the user wrote beyond a plain yes, kept with the step. */
  private async resolved(
    dc: DialogContext,
    state: WalkthroughState,
    said?: string,
  ): Promise<DialogTurnResult> {
    await this.record(dc.context, state, 'worked', { helped: true, outcome: 'resolved' }, said);
    const language = languageOf(dc.context, this.services);
    await dc.context.sendActivity({
      type: 'message',
      text: this.services.catalogue.t(language, 'walkthrough.resolved'),
      locale: language,
      ...this.thumbs(dc.context, language, state),
    });
    return startInPlace(dc, ANYTHING_ELSE);
  }

  /** The step did not work; `said` is what the user wrote beyond a plain no, kept with the step. */
  private async nextStep(
    dc: DialogContext,
    state: WalkthroughState,
    said?: string,
  ): Promise<DialogTurnResult> {
    const language = languageOf(dc.context, this.services);
    const article = this.services.knowledge.getArticle(state.articleId, language)?.article;
    const total = article ? walkedSteps(article, state).length : 0;
    if (state.step + 1 < total) {
      await this.record(dc.context, state, 'failed', undefined, said);
      state.step += 1;
      await this.showStep(dc.context, state);
      return Dialog.EndOfTurn;
    }
    await this.record(dc.context, state, 'failed', { helped: false, outcome: 'unresolved' }, said);
    const closing = this.services.knowledge.getArticle(state.articleId, language)?.article.closing;
    const sorry = this.services.catalogue.t(language, 'walkthrough.exhausted');
    await dc.context.sendActivity({
      type: 'message',
      text: [sorry, closing && chatMarkdown(closing)].filter(Boolean).join('\n\n'),
      locale: language,
      ...this.thumbs(dc.context, language, state),
    });
    return startInPlace(dc, OFFER_TECHNICIAN);
  }

  /** Thumbs up or down on the article, under the walk-through's last message (src/dialogs/article-thumbs). */
  private thumbs(context: TurnContext, language: Lang, state: WalkthroughState) {
    const card = articleThumbsCard(
      this.services.catalogue,
      language,
      context.activity.channelId,
      state.articleId,
    );
    return card ? { attachments: [card] } : {};
  }

  private async stopped(dc: DialogContext, state: WalkthroughState): Promise<DialogTurnResult> {
    await this.record(dc.context, state, 'stopped', { helped: false });
    await say(dc.context, this.services, 'walkthrough.stopped');
    return dc.endDialog();
  }

  /**
   * Not an answer to "did that work?". A message about a different problem asks before leaving
   * these steps; anything else is asked about once more, then routed as a new message.
   */
  private async unrecognised(
    dc: DialogContext,
    state: WalkthroughState,
    language: Lang,
  ): Promise<DialogTurnResult> {
    const text = (dc.context.activity.text ?? '').trim();
    // Only a complaint: the empathy and offer of a person went first, then the question again
    // (no "I didn't get that", no new problem to look for, the steps stay where they were).
    if (isComplaintOnlyTurn(dc.context)) {
      await this.askStep(dc.context, language);
      return Dialog.EndOfTurn;
    }
    const words = this.services.words;
    // "am schimbat bateria si tot nu merge": the step was tried and the problem is still there. The
    // words may name another topic (the battery), but they report on this step.
    if (text && saysStillBroken(text, words)) {
      state.reprompted = false;
      return this.nextStep(dc, state, text);
    }
    const other = text ? this.otherProblemIn(dc.context, text, language, state.topic) : undefined;
    if (other) {
      state.pendingSwitch = { text, topic: other.topic };
      await this.askSwitch(dc.context, state, other.topic);
      return Dialog.EndOfTurn;
    }
    // "Yes it worked, the clock was wrong", "da, a mers dupa restart": a yes, then why.
    if (text && yesWithWhy(text, words)) {
      state.reprompted = false;
      return this.resolved(dc, state, text);
    }
    // "Nein, das ist es nicht", "nu, nu asta e problema": a no, then why; "nie włącza się",
    // "still no signal": a no that tells what happens instead. The step did not work, and what
    // the user saw is kept with it for the technician; the next step answers it.
    if (text && (leadingYesNo(text, words) === 'no' || negatedStatement(text, words))) {
      state.reprompted = false;
      return this.nextStep(dc, state, text);
    }
    // "It's a Dell Latitude", "Windows 11": more about the problem, not an answer. Kept for the
    // technician and acknowledged; "I didn't get that" would read as if it had not been heard.
    if (text && (await this.learnedFacts(dc.context, text, language))) {
      await say(dc.context, this.services, 'facts.noted');
      await this.askStep(dc.context, language);
      return Dialog.EndOfTurn;
    }
    if (state.reprompted || !text) {
      if (!text) return Dialog.EndOfTurn;
      return dc.endDialog(reroute(text));
    }
    state.reprompted = true;
    await say(dc.context, this.services, 'choice.notUnderstood');
    await this.askStep(dc.context, language);
    return Dialog.EndOfTurn;
  }

  /** Facts in the message the case did not have yet, now kept; false when there were none. */
  private async learnedFacts(context: TurnContext, text: string, language: Lang): Promise<boolean> {
    const facts = extractFacts(text, this.services.words);
    const file = await this.services.cases.current(context, language);
    return learnFacts(file, { ...facts });
  }

  /** "Did that work?" with its answers, once more. */
  private async askStep(context: TurnContext, language: Lang): Promise<void> {
    await ask(context, this.services, {
      question: this.services.catalogue.t(language, 'walkthrough.question'),
      options: this.stepOptions(language),
    });
  }

  private otherProblemIn(
    context: TurnContext,
    text: string,
    language: Lang,
    topic: string,
  ): MatchResult | undefined {
    const detectedLanguage = detectedLanguageOf(context, text, language);
    const { knowledge, words } = this.services;
    const response = knowledge.match(text, { language, detectedLanguage });
    const deviceOnly = namesOnlyTheDevice(text, knowledge.textKind(text, language), words);
    return otherProblem(text, response, topic, false, deviceOnly);
  }

  private async continueSwitch(
    dc: DialogContext,
    state: WalkthroughState,
    pending: { text: string; topic: string },
  ): Promise<DialogTurnResult> {
    const language = languageOf(dc.context, this.services);
    const choice = recogniseChoice(
      dc.context.activity,
      this.switchOptions(language),
      undefined,
      this.services.words,
    );
    state.pendingSwitch = undefined;
    if (choice === 'switch') {
      await this.record(dc.context, state, undefined, { helped: false });
      return dc.endDialog(reroute(pending.text));
    }
    if (choice === 'stay') {
      await say(dc.context, this.services, 'walkthrough.continuing');
      await this.showStep(dc.context, state);
      return Dialog.EndOfTurn;
    }
    // Neither: read the message as an answer to the step (or yet another problem).
    return this.continueDialog(dc);
  }

  private async askSwitch(context: TurnContext, state: WalkthroughState, topic: string): Promise<void> {
    const language = languageOf(context, this.services);
    const { catalogue, knowledge } = this.services;
    await ask(context, this.services, {
      question: catalogue.t(language, 'walkthrough.switchQuestion', {
        current: knowledge.topicLabel(state.topic, language),
        next: knowledge.topicLabel(topic, language),
      }),
      options: this.switchOptions(language),
    });
  }

  private async showStep(context: TurnContext, state: WalkthroughState): Promise<void> {
    const language = languageOf(context, this.services);
    const article = this.services.knowledge.getArticle(state.articleId, language)?.article;
    const walked = article ? walkedSteps(article, state) : [];
    // A translation with fewer steps must not leave the user on a step that does not exist.
    state.step = Math.min(state.step, Math.max(walked.length - 1, 0));
    const { catalogue } = this.services;
    await ask(context, this.services, {
      lead: catalogue.t(language, 'walkthrough.step', {
        n: state.step + 1,
        total: walked.length,
        text: chatMarkdown(article?.steps[walked[state.step] ?? -1] ?? ''),
      }),
      question: catalogue.t(language, 'walkthrough.question'),
      options: this.stepOptions(language),
    });
  }

  private async record(
    context: TurnContext,
    state: WalkthroughState,
    result: StepResult | undefined,
    end?: { helped: boolean; outcome?: 'resolved' | 'unresolved' },
    said?: string,
  ): Promise<void> {
    const { cases, knowledge } = this.services;
    const language = languageOf(context, this.services);
    const file = await cases.current(context, language);
    // The article's own step number, as technicians read the article.
    const article = knowledge.getArticle(state.articleId, language)?.article;
    const number = (article ? walkedSteps(article, state)[state.step] : undefined) ?? state.step;
    if (result) recordStep(file, state.articleId, number + 1, result, cases.now(), said);
    if (end) markHelped(file, state.articleId, end.helped, cases.now());
    if (end?.outcome) setOutcome(file, end.outcome, cases.now());
  }

  private stepOptions(language: Lang): ChoiceOption[] {
    const t = (key: string) => this.services.catalogue.t(language, key);
    return [
      { value: 'yes', label: t('choice.worked'), meaning: 'yes' },
      { value: 'no', label: t('choice.notWorked'), meaning: 'no' },
      { value: 'stop', label: t('choice.stop'), meaning: 'stop' },
    ];
  }

  private switchOptions(language: Lang): ChoiceOption[] {
    const t = (key: string) => this.services.catalogue.t(language, key);
    return [
      { value: 'switch', label: t('choice.switchYes'), meaning: 'yes' },
      { value: 'stay', label: t('choice.switchNo'), meaning: 'no' },
    ];
  }
}

/**
 * Articles as a kind of problem the router can hand over to. An article with `faultSteps` (of a
 * request topic) walks only those when the message reports a fault; else all its steps.
 */
export function articleHandler(services: DialogServices): ProblemHandler {
  return {
    kind: 'article',
    dialogs: [new ArticleWalkthroughDialog(services)],
    start: async (dc, result, part) => {
      const language = languageOf(dc.context, services);
      const found = services.knowledge.getArticle(result.id, language);
      const fault =
        found?.article.faultSteps !== undefined && (await reportsFault(dc, part, language, services));
      const said = found?.article.startAt ? await problemTexts(dc, part, language, services.cases) : [];
      const startStep = found ? namedStep(found.article, said) : undefined;
      return startInPlace(dc, ARTICLE_WALKTHROUGH, {
        articleId: result.id,
        topic: result.topic,
        confidence: result.confidence,
        ...(fault ? { fault } : {}),
        ...(startStep ? { startStep } : {}),
      } satisfies WalkthroughOptions);
    },
  };
}
