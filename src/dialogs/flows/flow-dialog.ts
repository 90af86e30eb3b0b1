import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { detectedLanguageOf, isComplaintOnlyTurn, turnLanguage } from '../../turn';
import type { Catalogue } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import type { OrgValues } from '../../knowledge/articles/organisation';
import type { Logger } from '../../logging';
import { clipSaid, recordStep, type CaseFileSource } from '../case-file';

export type { CaseFileSource } from '../case-file';
import { reroute } from '../dialog-services';
import { namesOnlyTheDevice, otherProblem } from '../topic-switch';
import { extractFacts } from '../facts';
import type { KnowledgeLookup } from '../knowledge-lookup';
import type { ServiceDeskDirectory } from '../service-desk';
import {
  answerText,
  interpret,
  isBackRequest,
  isStopRequest,
  reportsSolved,
  nodeOptions,
  type AnswerContext,
} from './flow-answers';
import { topicChange, type TopicReader } from './flow-topic-change';
import { askNewProblem, newProblemDecision } from './flow-new-problem';
import { askResume, cameBack, resumeChoice } from './flow-resume';
import { learnFacts, recordAnswer, recordFlowStep, type FlowCaseFile } from './flow-case';
import type { FlowLibrary } from './flow-library';
import { finishFlow, finishSolvedMeanwhile } from './flow-outcomes';
import { correctionOf, detailAnswered, type Correction } from './flow-correction';
import { flowText } from './flow-prompts';
import { askNode, flowTitle, recordedQuestion } from './flow-ask';
import type { FlowNode } from './flow-schema';
import {
  forgetLaterAnswers,
  hear,
  nextNode,
  skipKnown,
  visitedBefore,
  type FlowDialogState,
  type Position,
} from './flow-walk';
import type { FlowStrings } from './flow-strings';
import type { WordLists } from '../../words';
import type { Taxonomy } from '../../knowledge/articles/taxonomy';
import { runTopic, showGuidance } from './request-form';

export const FLOW_DIALOG = 'diagnostic-flow';

export interface FlowDialogOptions {
  flowId: string;
  /** The message that started the flow; facts in it let the flow skip questions. */
  text?: string;
  /** The request form's topic, and the matched article whose summary comes first (request-form.ts). */
  request?: { topic: string; articleId: string; confidence: number };
}

export interface FlowEngineDeps {
  library: FlowLibrary;
  strings: FlowStrings;
  catalogue: Catalogue;
  cases: CaseFileSource;
  knowledge: Pick<KnowledgeLookup, 'getArticle' | 'match' | 'textKind'>;
  serviceDesk: ServiceDeskDirectory;
  defaultLanguage: Lang;
  /** A user who comes back after this long is asked whether to continue or start fresh. */
  resumeAfterHours: number;
  /** organisation.yaml's values as they are now (a reload changes them), for `{{org.*}}`. */
  org?: () => OrgValues | undefined;
  logger?: Logger;
  /** Dialog started after a resolved outcome ("anything else?"), if registered. */
  afterResolved?: string;
  clock?: () => Date;
  /** The content's word lists (content/words: choice answers, "back"); the shipped ones when absent. */
  words?: WordLists;
  /** taxonomy.yaml as it is now: request topics, their owners and labels (request-form.ts). */
  taxonomy?: () => Taxonomy | undefined;
}

/** Unrecognised answers asked about again before asking whether the message is a new problem. */
const MAX_REPROMPTS = 2;

/**
 * Runs any diagnostic flow from its definition. The position (flow, node, article step), the
 * way back and the answers live in the dialog's state, which is saved with conversation state,
 * so a conversation carries on after a restart.
 */
export class FlowDialog extends Dialog<FlowDialogOptions> {
  constructor(private readonly deps: FlowEngineDeps) {
    super(FLOW_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: FlowDialogOptions): Promise<DialogTurnResult> {
    const flow = options && this.deps.library.get(options.flowId);
    if (!options || !flow) throw new Error(`FlowDialog: unknown flow "${options?.flowId}"`);
    const file = await this.caseFile(dc.context);
    // After "which of these?" the message is the click; the problem itself is the last description.
    for (const text of [options.text, file.descriptions.at(-1)])
      if (text) learnFacts(file, { ...extractFacts(text, this.deps.words) });
    const state: FlowDialogState = {
      at: { flowId: flow.id, nodeId: flow.start },
      history: [],
      answers: {},
      reprompts: 0,
      lastActiveAt: this.now().toISOString(),
      ...(options.request ? { topic: options.request.topic } : {}),
    };
    for (const text of [file.descriptions.at(-1), options.text]) hear(state, text);
    dc.activeDialog!.state = state;
    if (options.request) await showGuidance(dc.context, this.deps, file, options.request, this.now());
    return this.run(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as FlowDialogState;
    const away = cameBack(state, this.now(), this.deps.resumeAfterHours);
    if (state.resuming) return this.continueResume(dc, state);
    if (away) {
      await this.askToResume(dc.context, state);
      return Dialog.EndOfTurn;
    }
    const text = (dc.context.activity.text ?? '').trim();
    if (isBackRequest(text, this.deps.words)) return this.back(dc, state);
    const node = this.node(state.at);
    if (!node) return this.broken(dc, state);
    const lang = this.lang(dc.context);
    const answerContext = this.answerContext(lang);
    const meaning = interpret(node, dc.context.activity, answerContext);
    if (state.confirmingNewProblem !== undefined) {
      const decision = newProblemDecision(dc.context.activity, state, meaning, answerContext);
      if (decision === 'new-problem') return dc.endDialog(reroute(state.confirmingNewProblem));
      if (decision !== 'answer') {
        if (decision === 'keep-asking') await this.prompt(dc.context, state, node);
        else await askNewProblem(dc.context, answerContext, state, text || state.confirmingNewProblem);
        return Dialog.EndOfTurn;
      }
    }
    // "Hello?? Anyone there?": the empathy and offer of a person went first; "I didn't get that"
    // would read as if the bot had not listened. The question again, not counted as a failed try.
    if (meaning.kind !== 'answer' && isComplaintOnlyTurn(dc.context)) {
      await this.prompt(dc.context, state, node);
      return Dialog.EndOfTurn;
    }
    const topics: TopicReader = {
      reportsFault: (message) => this.deps.knowledge.textKind(message, lang).fault,
      isOtherTopic: (message, changedMind) =>
        this.isOtherProblem(dc.context, message, state, lang, changedMind),
    };
    const newTopic = text ? topicChange(text, node, meaning, answerContext, topics) : undefined;
    if (newTopic) {
      const title = flowTitle(this.deps, state, lang);
      await dc.context.sendActivity(this.deps.strings.t(lang, 'switchTopic', { title }));
      return dc.endDialog(reroute(newTopic));
    }
    const correction = text ? correctionOf(text, state, (at) => this.node(at), answerContext) : undefined;
    if (correction) return this.correct(dc, state, correction);
    if (meaning.kind !== 'answer' && reportsSolved(text, this.deps.words)) {
      const deps = { ...this.deps, now: this.now() };
      return finishSolvedMeanwhile(dc, deps, state, await this.caseFile(dc.context), text);
    }
    if (meaning.kind !== 'answer' && isStopRequest(text, this.deps.words)) {
      await dc.context.sendActivity(this.deps.strings.t(lang, 'stopped'));
      return dc.endDialog();
    }
    const tentative = meaning.kind === 'answer' && meaning.tentative === true;
    if (meaning.kind !== 'answer' || tentative) {
      if (
        (meaning.kind === 'none' || tentative) &&
        text &&
        this.isOtherProblem(dc.context, text, state, lang)
      )
        return dc.endDialog(reroute(text));
    }
    if (meaning.kind !== 'answer') {
      // Not an answer, but perhaps more about the problem ("it's a Dell Latitude, plugged in"):
      // kept, so that a later question does not ask for it, and acknowledged with the question
      // again; "I didn't get that" would read as if it had not been heard. Not a failed try.
      const file = text ? await this.caseFile(dc.context) : undefined;
      if (file && learnFacts(file, { ...extractFacts(text, this.deps.words) })) {
        await this.prompt(dc.context, state, node, this.deps.catalogue.t(lang, 'facts.noted'));
        return Dialog.EndOfTurn;
      }
      if (meaning.kind === 'none' && text && state.reprompts >= MAX_REPROMPTS) {
        await askNewProblem(dc.context, answerContext, state, text);
        return Dialog.EndOfTurn;
      }
      state.reprompts += 1;
      const notice = (meaning.kind === 'retry' ? meaning.message : undefined) ?? this.retryText(node, lang);
      await this.prompt(dc.context, state, node, notice);
      return Dialog.EndOfTurn;
    }
    state.reprompts = 0;
    const file = await this.caseFile(dc.context);
    // Typed answers may mention more ("it's a Windows 11 laptop"); clicks carry nothing extra.
    if (text) learnFacts(file, { ...extractFacts(text, this.deps.words) });
    hear(state, text);
    state.history.push({ ...state.at });
    // A step answered with more than a plain no keeps what the user said with the step.
    const said = meaning.detail || (tentative && text ? text : undefined);
    const { detail, next: then } = meaning;
    state.detailFor = detail && then ? { nodeId: then, text: detail } : undefined;
    const next = this.recordAndMove(file, state, node, meaning.value, meaning.next, said);
    if (next === 'stay') {
      await this.prompt(dc.context, state, node);
      return Dialog.EndOfTurn;
    }
    return this.run(dc, state);
  }

  /** Whether the question on screen takes any text: a text or number question, a collect without options. */
  takesFreeText(instance: DialogInstance): boolean {
    const state = instance.state as FlowDialogState | undefined;
    if (!state || state.resuming || state.confirmingNewProblem !== undefined) return false;
    const node = this.node(state.at);
    if (!node) return false;
    if (node.type === 'question') return node.input === 'text' || node.input === 'number';
    return (
      node.type === 'collect' && nodeOptions(node, this.answerContext(this.deps.defaultLanguage)).length === 0
    );
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as FlowDialogState;
    if (state.resuming) return this.askToResume(context, state);
    const node = this.node(state.at);
    if (node) await this.prompt(context, state, node);
  }

  /** Stores the answer and moves on; 'stay' when an article has a next step to show. */
  private recordAndMove(
    file: FlowCaseFile,
    state: FlowDialogState,
    node: FlowNode,
    value: string,
    next: string | undefined,
    said?: string,
  ): 'moved' | 'stay' {
    const now = this.now();
    const { flowId, nodeId } = state.at;
    if (node.type === 'article') {
      const step = state.at.articleStep ?? 0;
      recordStep(file, node.article, step + 1, value === 'worked' ? 'worked' : 'failed', now, said);
      const total = this.articleSteps(node.article, file.language).length;
      if (value === 'failed' && step + 1 < total) {
        state.at = { ...state.at, articleStep: step + 1 };
        return 'stay';
      }
      state.at = { flowId, nodeId: (value === 'worked' ? node.next.worked : node.next.failed) ?? '' };
      return 'moved';
    }
    if (node.type === 'step') {
      const result = value === 'worked' ? 'worked' : 'failed';
      recordFlowStep(file, { flowId, nodeId, result, ...(said ? { said: clipSaid(said) } : {}) }, now);
      state.at = { flowId, nodeId: (value === 'worked' ? node.next.worked : node.next.failed) ?? '' };
      return 'moved';
    }
    this.noteAnswer(file, state, node, value, false, said);
    state.at = { flowId, nodeId: next ?? '' };
    return 'moved';
  }

  /** Keeps an answer for branches, the facts and the case file (what the technician reads). */
  private noteAnswer(
    file: FlowCaseFile,
    state: FlowDialogState,
    node: FlowNode,
    value: string,
    prefilled: boolean,
    said?: string,
  ): void {
    const { flowId, nodeId } = state.at;
    const fact = node.type === 'question' || node.type === 'collect' ? node.fact : undefined;
    const question =
      node.type === 'question' || node.type === 'collect'
        ? recordedQuestion(this.deps, state, node.text)
        : undefined;
    const answer = answerText(node, value, 'en', this.deps.strings);
    forgetLaterAnswers(state);
    const more = said ? { said: clipSaid(said) } : {};
    recordAnswer(file, { flowId, nodeId, fact, value, question, answer, prefilled, ...more }, this.now());
    state.said = { ...state.said, [`${flowId}/${nodeId}`]: more.said ?? '' };
    // An answer the user gives overrides a guess; a pre-filled one only fills a gap.
    if (fact) learnFacts(file, { [fact]: value }, !prefilled);
    state.answers[`${flowId}/${nodeId}`] = value;
  }

  /** Follows automatic nodes (branches, known facts, goto) until one needs the user or ends the flow. */
  private async run(dc: DialogContext, state: FlowDialogState, force = false): Promise<DialogTurnResult> {
    const file = await this.caseFile(dc.context);
    const lang = this.lang(dc.context);
    const prefilled: string[] = [];
    for (let hops = 0; hops < 100; hops++) {
      const node = this.node(state.at);
      if (!node) return this.broken(dc, state);
      if (node.type === 'article' && this.articleSteps(node.article, file.language).length === 0) {
        this.deps.logger?.error(
          { article: node.article, flow: state.at.flowId },
          'flow article missing; taking its failed path',
        );
        state.at = { flowId: state.at.flowId, nodeId: node.next.failed ?? '' };
        continue;
      }
      if (
        node.type === 'question' ||
        node.type === 'collect' ||
        node.type === 'step' ||
        node.type === 'article'
      ) {
        // A question met again in this walk ("What would you like to change? The reason") is
        // asked: the user came back to answer it anew, so what they said before is no answer.
        const again = (node.type === 'question' || node.type === 'collect') && visitedBefore(state);
        const detail = state.detailFor?.nodeId === state.at.nodeId ? state.detailFor.text : undefined;
        const skipTo = force || again ? undefined : skipKnown(node, file.facts, state.heard, detail);
        if (skipTo === undefined) {
          const notice = prefilled.length
            ? this.deps.strings.t(lang, 'prefill.noted', { answers: prefilled.join('; ') })
            : undefined;
          await this.prompt(dc.context, state, node, notice);
          return Dialog.EndOfTurn;
        }
        // The pick's detail answered this question: it stands here, not twice on the form.
        if (detail !== undefined && skipTo.answer === detail) detailAnswered(file, state);
        // Kept like an answer the user gave, so "back" can return to it and change it.
        this.noteAnswer(file, state, node, skipTo.answer, true);
        prefilled.push(`**${answerText(node, skipTo.answer, lang, this.deps.strings)}**`);
        state.history.push({ ...state.at });
        state.at = { flowId: state.at.flowId, nodeId: skipTo.next ?? '' };
        continue;
      }
      if (node.type === 'goto' && node.text) {
        await dc.context.sendActivity(flowText(node.text, this.lang(dc.context), this.deps.org?.()));
      }
      const moved = nextNode(node, state, file.facts, this.deps.library);
      // The user still learns what was taken from their words when the flow ends right away.
      if (moved === 'outcome' && prefilled.length > 0)
        await dc.context.sendActivity(
          this.deps.strings.t(lang, 'prefill.noted', { answers: prefilled.splice(0).join('; ') }),
        );
      if (moved === 'outcome') return finishFlow(dc, { ...this.deps, now: this.now() }, state, node, file);
      if (!moved) return this.broken(dc, state);
      state.at = moved;
      force = false;
    }
    return this.broken(dc, state);
  }

  /** Answers an earlier question anew (see `correctionOf`); what came after it is asked again. */
  private async correct(
    dc: DialogContext,
    state: FlowDialogState,
    correction: Correction,
  ): Promise<DialogTurnResult> {
    const node = this.node(correction.at);
    if (!node) return this.broken(dc, state);
    // Answered again like a question the walk comes back to: the answers given after its first
    // answer are forgotten (forgetLaterAnswers), and the questions after it are asked again.
    state.at = correction.at;
    state.reprompts = 0;
    state.history.push({ ...state.at });
    const file = await this.caseFile(dc.context);
    this.recordAndMove(file, state, node, correction.value, correction.next);
    const lang = this.lang(dc.context);
    await dc.context.sendActivity({
      type: 'message',
      text: this.deps.strings.t(lang, 'corrected'),
      locale: lang,
    });
    return this.run(dc, state);
  }

  private async back(dc: DialogContext, state: FlowDialogState): Promise<DialogTurnResult> {
    const previous = state.history.pop();
    if (!previous) {
      const lang = this.lang(dc.context);
      const node = this.node(state.at);
      if (node) await this.prompt(dc.context, state, node, this.deps.strings.t(lang, 'back.first'));
      return Dialog.EndOfTurn;
    }
    delete state.answers[`${previous.flowId}/${previous.nodeId}`];
    state.at = previous;
    state.reprompts = 0;
    return this.run(dc, state, true);
  }

  private async continueResume(dc: DialogContext, state: FlowDialogState): Promise<DialogTurnResult> {
    const lang = this.lang(dc.context);
    const choice = resumeChoice(dc.context.activity, state, this.answerContext(lang));
    if (choice === 'continue') return this.run(dc, state, true);
    if (choice === 'fresh') {
      await dc.context.sendActivity(this.deps.strings.t(lang, 'resume.freshDone'));
      return dc.endDialog();
    }
    // Anything else is most likely the problem they came back with.
    const text = (dc.context.activity.text ?? '').trim();
    return text ? dc.endDialog(reroute(text)) : Dialog.EndOfTurn;
  }

  private askToResume(context: TurnContext, state: FlowDialogState): Promise<void> {
    const lang = this.lang(context);
    return askResume(context, this.answerContext(lang), state, flowTitle(this.deps, state, lang));
  }

  /** What reading an answer needs: the language, the engine's strings and the word lists. */
  private answerContext(lang: Lang): AnswerContext {
    return { lang, strings: this.deps.strings, catalogue: this.deps.catalogue, words: this.deps.words };
  }

  private prompt(context: TurnContext, state: FlowDialogState, node: FlowNode, notice?: string) {
    const lang = this.lang(context);
    const articleSteps = node.type === 'article' ? this.articleSteps(node.article, lang) : [];
    return askNode(context, this.deps, state, node, { lang, articleSteps, notice });
  }

  private retryText(node: FlowNode, lang: Lang): string {
    const custom = node.type === 'question' || node.type === 'collect' ? node.retry : undefined;
    return custom ? (custom[lang] ?? custom.en) : this.deps.strings.t(lang, 'retry');
  }

  /** A flow that cannot go on (a broken reference slipped past the check) hands over rather than stalls. */
  private async broken(dc: DialogContext, state: FlowDialogState): Promise<DialogTurnResult> {
    this.deps.logger?.error(
      { flow: state.at.flowId, node: state.at.nodeId },
      'diagnostic flow cannot continue',
    );
    const file = await this.caseFile(dc.context);
    const fallback: FlowNode = { type: 'escalate', category: 'service-desk', priority: 'normal', skills: [] };
    return finishFlow(dc, { ...this.deps, now: this.now() }, state, fallback, file);
  }

  /** A message that is no answer but clearly describes a problem of another topic. */
  private isOtherProblem(
    context: TurnContext,
    text: string,
    state: FlowDialogState,
    lang: Lang,
    changedMind = false,
  ): boolean {
    const detectedLanguage = detectedLanguageOf(context, text, lang);
    const response = this.deps.knowledge.match(text, { language: lang, detectedLanguage });
    const topic = runTopic(state, this.deps.library);
    const deviceOnly = namesOnlyTheDevice(text, this.deps.knowledge.textKind(text, lang), this.deps.words);
    return otherProblem(text, response, topic, changedMind, deviceOnly) !== undefined;
  }

  private node(at: Position): FlowNode | undefined {
    return this.deps.library.get(at.flowId)?.nodes[at.nodeId];
  }

  private articleSteps(articleId: string, lang: Lang): readonly string[] {
    return this.deps.knowledge.getArticle(articleId, lang)?.article.steps ?? [];
  }

  private caseFile(context: TurnContext): Promise<FlowCaseFile> {
    return this.deps.cases.current(context, this.lang(context));
  }

  private lang(context: TurnContext): Lang {
    return turnLanguage(context, this.deps.defaultLanguage);
  }

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }
}
