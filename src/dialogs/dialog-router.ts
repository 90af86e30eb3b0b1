import type { Activity, ConversationState, TurnContext } from 'botbuilder';
import {
  Dialog,
  DialogSet,
  type DialogContext,
  type DialogInstance,
  type DialogState,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { MatchResponse, MatchResult } from '../knowledge/matcher';
import { LaterProblemDialog, announceLaterProblem, twoProblems } from './later-problem';
import { articleHandler } from './article-walkthrough-dialog';
import { CaseFileStore, recordMiss, type CaseFile } from './case-file';
import { submittedChoice } from './choices';
import { CLARIFY, ClarifyDialog } from './clarify-dialog';
import { asksWhatIsAffected, clarifyCandidates, type CandidateSources } from './clarify-candidates';
import { languageOf, rerouteText, say, startInPlace, type DialogServices } from './dialog-services';
import {
  ANYTHING_ELSE,
  AnythingElseDialog,
  OFFER_TECHNICIAN,
  OfferTechnicianDialog,
} from './follow-up-dialogs';
import { reopenResolvedCase, takesBackRecentFix } from './fix-taken-back';
import { recogniseInterruption, type Interruption } from './interruptions';
import type { GroundedAnswerSource } from './grounded-answers';
import type { KnowledgeLookup } from './knowledge-lookup';
import { groundingArticles } from '../llm/grounded-answers';
import { answerPersonRequest, DescribeProblemDialog } from './person-request';
import { ownWords } from './pasted-output';
import { withoutFeelings } from './frustration';
import { ProblemHandlers, type ProblemHandler, type ProblemHandlerFactory } from './problem-handlers';
import type { ServiceDeskDirectory } from './service-desk';
import { SmallTalkReplies, type SmallTalkOptions } from './small-talk';
import { TicketChat, type TicketChatOptions } from './tickets';
import {
  detectedLanguageOf,
  isComplaintOnlyTurn,
  isFrustratedTurn,
  personOfferedBefore,
  queuedTicketOf,
} from '../turn';
import type { WordLists } from '../words';

export interface DialogRouterOptions {
  conversationState: ConversationState;
  catalogue: Catalogue;
  knowledge: KnowledgeLookup;
  serviceDesk: ServiceDeskDirectory;
  defaultLanguage: Lang;
  /** Handlers for other kinds of match results (e.g. guided flows); articles are built in. */
  handlers?: readonly ProblemHandlerFactory[];
  /** Small talk, feedback and questions outside IT; absent: every message is a problem. */
  smallTalk?: SmallTalkOptions;
  clock?: () => Date;
  /** The content's word lists (content/words); the shipped ones when absent. */
  words?: WordLists;
  /** A language model's answer from the top articles when the matcher is unsure (src/llm). */
  groundedAnswers?: GroundedAnswerSource;
  /** The user's own tickets ("status of HD-1001", "my tickets", ...); absent: not recognised. */
  tickets?: TicketChatOptions;
  /** Known problems (confirmed incidents, src/incidents); absent: none are announced. */
  knownProblems?: KnownProblemNotices;
  /**
   * A message an open question let go as a new request: read as one at the top level, whose
   * language may become the conversation's (the answer to a question kept the language).
   */
  newRequest?: (context: TurnContext, text: string) => Promise<void>;
}

/** Tells a user that their problem is a known one with its status, and links them to it. */
export interface KnownProblemNotices {
  /** The notice for this problem, or undefined when it matches no active incident. */
  noticeFor(
    context: TurnContext,
    problem: { text: string; language: Lang; topic?: string },
  ): Promise<string | undefined>;
  /** The topics of the active incidents, the most recently confirmed first. */
  activeTopics(): Promise<string[]>;
}

/**
 * Decides what each message means: an interruption (help, start over, a person) first, then an
 * answer to the active dialog, else a new problem for the knowledge base. Dialog state and the
 * case file live in conversation state, so a conversation survives a restart.
 */
export class DialogRouter {
  private readonly dialogs: DialogSet;
  private readonly handlers = new ProblemHandlers();
  private readonly services: DialogServices;
  private readonly smallTalk: SmallTalkReplies | undefined;
  private readonly groundedAnswers: GroundedAnswerSource | undefined;
  private readonly tickets: TicketChat | undefined;
  private readonly knownProblems: KnownProblemNotices | undefined;
  private readonly newRequest: DialogRouterOptions['newRequest'];
  /** Where the topics of "which of these?" come from. */
  private readonly candidateSources: CandidateSources;

  constructor(options: DialogRouterOptions) {
    this.groundedAnswers = options.groundedAnswers;
    this.knownProblems = options.knownProblems;
    this.newRequest = options.newRequest;
    const { conversationState } = options;
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    this.services = {
      catalogue: options.catalogue,
      knowledge: options.knowledge,
      serviceDesk: options.serviceDesk,
      defaultLanguage: options.defaultLanguage,
      words: options.words,
      cases: new CaseFileStore(
        conversationState.createProperty<CaseFile | undefined>('caseFile'),
        options.clock,
      ),
    };
    this.smallTalk = options.smallTalk && new SmallTalkReplies(options.smallTalk, this.services);
    this.candidateSources = {
      handlers: this.handlers,
      knowledge: this.services.knowledge,
      activeTopics: async () => (await this.knownProblems?.activeTopics()) ?? [],
      startTopicQuestions: (lang) => this.smallTalk?.startTopicQuestions(lang) ?? [],
    };
    // The topic the bot last helped with: what feedback without a named topic is about.
    this.handlers.onStart(async (dc, result) => {
      const file = await this.services.cases.current(dc.context, languageOf(dc.context, this.services));
      file.topic = result.topic;
    });
    this.dialogs.add(
      new ClarifyDialog(
        this.services,
        this.handlers,
        (dc) => this.noAnswer(dc),
        (context, picked) => this.announceKnownProblem(context, picked),
      ),
    );
    this.dialogs.add(new OfferTechnicianDialog(this.services));
    this.dialogs.add(new AnythingElseDialog(this.services));
    this.dialogs.add(new LaterProblemDialog(this.services, ANYTHING_ELSE));
    this.dialogs.add(new DescribeProblemDialog(this.services));
    this.tickets = options.tickets && new TicketChat(this.services, options.tickets);
    for (const dialog of this.tickets?.dialogs ?? []) this.dialogs.add(dialog);
    this.register(articleHandler(this.services));
    for (const handler of options.handlers ?? []) this.register(handler(this.services.cases));
  }

  /** Adds a handler for a kind of match result, with its dialogs. */
  private register(handler: ProblemHandler): void {
    for (const dialog of handler.dialogs) this.dialogs.add(dialog);
    this.handlers.register(handler);
  }

  /** The case file of the conversation in this turn, for the ticket and the hand-over. */
  caseFile(context: TurnContext): Promise<CaseFile | undefined> {
    return this.services.cases.get(context);
  }

  /** Handles one message; the turn's language is already resolved (see `resolveTurnLanguage`). */
  async handle(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    let text = (context.activity.text ?? '').trim();
    // Small talk is the whole message, so it never hides a request for a person; feedback may.
    if (text && (await this.smallTalk?.answerSmallTalk(dc, text))) return;
    const interruption = recogniseInterruption(context.activity, this.services.words);
    if (interruption) return this.interrupt(dc, interruption);
    // A ticket number or "my tickets" is never a problem to look up, whatever question is open.
    if (text && (await this.tickets?.answer(dc, text))) return;
    const topic = this.startTopicQuestion(context);
    if (topic) {
      // A start-topic button: the user chose a new problem, whatever was open before.
      await dc.cancelAllDialogs();
      return this.newProblem(dc, topic);
    }
    if (text && (await this.smallTalk?.answerFeedback(dc, text))) return;
    if (dc.activeDialog) {
      const result = await dc.continueDialog();
      const rerouted = rerouteText(result);
      if (rerouted === undefined) return;
      text = rerouted;
      await this.newRequest?.(context, text);
    } else if (!text && submittedChoice(context.activity) !== undefined) {
      // A button on an old card, after its question was answered or the conversation restarted.
      return say(context, this.services, 'choice.expired');
    }
    if (text) await this.newProblem(dc, text);
  }

  /** The welcome text with the most asked topics as buttons (when small talk content is loaded). */
  welcome(context: TurnContext, text: string, language: Lang): Partial<Activity> {
    return (
      this.smallTalk?.withStartTopics(context, text, language) ?? { type: 'message', text, locale: language }
    );
  }

  private startTopicQuestion(context: TurnContext): string | undefined {
    const clicked = submittedChoice(context.activity);
    if (clicked === undefined || !this.smallTalk) return undefined;
    return this.smallTalk.topicQuestion(clicked, languageOf(context, this.services));
  }

  /** True while a question of a dialog waits for the user's answer. */
  async isAwaitingAnswer(context: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(context);
    return dc.activeDialog !== undefined;
  }

  /**
   * True while the open question takes any text as its answer (a flow's text question: a reason,
   * a path, a name), which is data rather than something said to the bot.
   */
  async isAwaitingFreeText(context: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(context);
    const active = dc.activeDialog;
    const dialog = active && dc.findDialog(active.id);
    return dialog !== undefined && isFreeTextQuestion(dialog) && dialog.takesFreeText(active!);
  }

  /** Ends every open dialog, e.g. once a technician has taken the conversation over. */
  async endDialogs(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) await dc.cancelAllDialogs();
  }

  /** Asks the open question again, e.g. in the language the user just switched to. */
  async repromptActive(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) await dc.repromptDialog();
  }

  private async interrupt(dc: DialogContext, interruption: Interruption): Promise<void> {
    const { context } = dc;
    if (interruption === 'help' || interruption === 'greeting') {
      await say(context, this.services, interruption);
      if (dc.activeDialog) await dc.repromptDialog();
      return;
    }
    await dc.cancelAllDialogs();
    if (interruption === 'restart') {
      await this.services.cases.reset(context);
      await say(context, this.services, 'restart.done');
      return;
    }
    await answerPersonRequest(context, this.services, dc);
  }

  private async newProblem(dc: DialogContext, text: string): Promise<void> {
    const { context } = dc;
    const language = languageOf(context, this.services);
    // A pasted log is described in the user's own lines; the log would drown them.
    const own = ownWords(text);
    // Nothing but a complaint ("why does nobody answer??"): the frustration middleware's empathy
    // and offer of a person is the whole answer; there is no problem to look up or to record.
    if (isComplaintOnlyTurn(context)) return;
    // Not an IT problem: no description for the ticket, no "no answer", no offer of a person.
    if (await this.smallTalk?.answerOutOfScope(context, own)) return;
    // "It still doesn't work" after a fix and a goodbye: that fix did not hold.
    if (takesBackRecentFix(dc, this.services, await this.services.cases.get(context), own)) {
      await reopenResolvedCase(dc, this.services);
      await dc.beginDialog(OFFER_TECHNICIAN);
      return;
    }
    // Swearing and outrage are left out of the look-up: they say how the user feels, not what is
    // broken (and "tell me a joke", asked of the small talk above, is not outrage).
    const question = withoutFeelings(own, this.services.words);
    const { knowledge } = this.services;
    const options = { language, detectedLanguage: detectedLanguageOf(context, question, language) };
    // "The printer is jammed, and also Outlook is slow": the printer now, Outlook afterwards.
    const two = twoProblems(
      question,
      (part) => knowledge.match(part, options),
      this.services.words,
      language,
    );
    const response =
      two?.first ??
      (knowledge.matchHybrid
        ? await knowledge.matchHybrid(question, options)
        : knowledge.match(question, options));
    // Angry and unclear ("nobody answers, my Outlook crashes again!!!"): the offer of a person is the
    // answer, and what was said is kept as the problem, so that the person is not asked for it again.
    if (response.decision === 'none' && isFrustratedTurn(context)) {
      await this.services.cases.describe(context, text, language);
      return;
    }
    // Of two problems, the case is about the first; the second gets its own when its turn comes.
    const file = await this.services.cases.describe(context, two ? two.parts.first : text, language);
    if (two) {
      file.laterProblem = two.parts.second;
      await announceLaterProblem(context, this.services, {
        first: response.results[0]!.topic,
        second: two.secondTopic,
      });
    }
    // A known problem (an active incident): its status first, then the usual help.
    const known = await this.knownProblems?.noticeFor(context, {
      text,
      language,
      topic: response.decision === 'none' ? undefined : response.results[0]?.topic,
    });
    if (known) await context.sendActivity({ type: 'message', text: known, locale: language });
    const announced = Boolean(known);
    if (response.decision === 'answer') {
      const picked = this.handlers.pick(response.results);
      if (picked) {
        await this.handlers.start(dc, picked.result, two?.parts.first);
        return;
      }
    }
    // Unsure or no answer: a language model may answer from the top articles (never when sure).
    if (await this.answerFromArticles(dc, question, language, response)) return;
    const candidates = asksWhatIsAffected(response, question, language, this.services.words)
      ? await clarifyCandidates(response, language, this.candidateSources)
      : [];
    if (candidates.length > 0) {
      await dc.beginDialog(CLARIFY, { candidates, announced });
      return;
    }
    await this.noAnswer(dc);
  }

  /** A topic picked from "which of these?" that is a known problem: its status before the help. */
  private async announceKnownProblem(context: TurnContext, picked: MatchResult): Promise<void> {
    const language = languageOf(context, this.services);
    const text = picked.title;
    const known = await this.knownProblems?.noticeFor(context, { text, language, topic: picked.topic });
    if (known) await context.sendActivity({ type: 'message', text: known, locale: language });
  }

  /**
   * The model's answer from the top articles, with the articles it cites as buttons that start
   * their walk-through ("none of these" leads to a person); when the articles do not cover the
   * question, the honest no-answer with the offer of a person. False when there is no model answer
   * (off, failing, over budget, dropped by its checks): the caller goes on as without a model.
   */
  private async answerFromArticles(
    dc: DialogContext,
    question: string,
    language: Lang,
    response: MatchResponse,
  ): Promise<boolean> {
    if (!this.groundedAnswers) return false;
    const { knowledge } = this.services;
    const top = new Map(
      groundingArticles(response.results, (id) => knowledge.getArticle(id, language)?.article).map((t) => [
        t.article.id,
        t,
      ]),
    );
    if (top.size === 0) return false;
    const answer = await this.groundedAnswers.answer({
      conversationId: dc.context.activity.conversation?.id,
      question,
      language,
      articles: [...top.values()].map((t) => t.article),
    });
    if (!answer) return false;
    if (answer.kind === 'notCovered') {
      await this.noAnswer(dc);
      return true;
    }
    const cited = answer.citations.flatMap((id) => top.get(id)?.result ?? []);
    await dc.beginDialog(CLARIFY, { candidates: cited, answer: answer.text });
    return true;
  }

  private async noAnswer(dc: DialogContext): Promise<DialogTurnResult> {
    const { cases } = this.services;
    const { context } = dc;
    const file = await cases.current(context, languageOf(context, this.services));
    recordMiss(file, cases.now());
    const queued = queuedTicketOf(context);
    if (queued) {
      // Already waiting for a technician: what the bot cannot answer went onto the ticket.
      await say(context, this.services, 'handoff.addedToTicket', { ticket: queued });
      return dc.activeDialog ? dc.endDialog() : Dialog.EndOfTurn;
    }
    // The card is offered once per case; the frustration offer in this turn counts as one.
    const offeredBefore = file.personOffered === true || personOfferedBefore(context);
    file.personOffered = true;
    if (offeredBefore || isFrustratedTurn(context)) {
      await say(context, this.services, offeredBefore ? 'noAnswer.again' : 'noAnswer');
      return dc.activeDialog ? dc.endDialog() : Dialog.EndOfTurn;
    }
    await say(context, this.services, 'noAnswer');
    return startInPlace(dc, OFFER_TECHNICIAN);
  }
}

/** A dialog whose open question may take any text as its answer (see `isAwaitingFreeText`). */
export interface FreeTextQuestion {
  takesFreeText(instance: DialogInstance): boolean;
}

function isFreeTextQuestion(dialog: object): dialog is FreeTextQuestion {
  return typeof (dialog as Partial<FreeTextQuestion>).takesFreeText === 'function';
}
