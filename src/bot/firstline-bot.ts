import {
  ActivityHandler,
  ActivityTypes,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import {
  DialogRouter,
  submittedChoice,
  type GroundedAnswerSource,
  type KnowledgeLookup,
  type KnownProblemNotices,
  type ProblemHandlerFactory,
} from '../dialogs';
import type { ServiceDeskDirectory } from '../dialogs/service-desk';
import type { SmallTalkOptions } from '../dialogs/small-talk';
import type { BotHandoff } from '../dialogs/handoff';
import type { TicketChatOptions } from '../dialogs/tickets';
import type { CaseRecorder } from '../insights';
import type { ArticleThumbs } from '../dialogs/article-thumbs';
import type { BotResolutions } from '../followup';
import { filesOf, refusedFilesOf } from '../attachments';
import { keepStart } from './middleware/long-message';
import type { Catalogue, Lang } from '../i18n';
import { isLang, requestedLanguage } from '../i18n';
import { shippedWordLists, type WordLists } from '../words';
import {
  chooseLanguage,
  languageFromLocale,
  resolveTurnLanguage,
  type LanguageDetection,
  type LanguagePreference,
} from './turn-language';

export interface FirstLineBotOptions {
  catalogue: Catalogue;
  conversationState: ConversationState;
  userState: UserState;
  defaultLanguage: Lang;
  botName: string;
  maxMessageChars: number;
  knowledge: KnowledgeLookup;
  /** How to reach the service desk when the user asks for a person; absent: said in general words. */
  serviceDesk?: ServiceDeskDirectory;
  /** Handlers for match results other than articles, e.g. guided flows. */
  problemHandlers?: readonly ProblemHandlerFactory[];
  /** Live hand-over to technicians; absent: asking for a person gets the service desk's contacts. */
  handoff?: BotHandoff;
  /** Small talk, feedback and questions outside IT (`content/small-talk`); absent: all are problems. */
  smallTalk?: Omit<SmallTalkOptions, 'botName'>;
  /** The content's word lists (content/words); the shipped ones when absent. */
  words?: WordLists;
  /** A language model's answers from the top articles when the matcher is unsure (src/llm). */
  groundedAnswers?: GroundedAnswerSource;
  /** The user's own tickets in chat; absent: messages about tickets are not recognised. */
  tickets?: TicketChatOptions;
  /** Keeps a record per problem for the reports (src/insights); written only when its outcome changes. */
  cases?: CaseRecorder;
  /** Known problems (active incidents) users are told about. */
  knownProblems?: KnownProblemNotices;
  /** Records problems the bot resolved as resolved tickets, to be followed up (src/followup). */
  botResolutions?: Pick<BotResolutions, 'noteTurn'>;
  /** Thumbs up or down on an article walk-through, taken whatever dialog is open. */
  articleThumbs?: Pick<ArticleThumbs, 'intercept'>;
}

/**
 * A one-word request for help names its language even when detection cannot (content/words,
 * `interruptions.helpInLanguage`); other ways of asking for help are interruptions the dialog
 * router recognises.
 */
function helpWordsOf(lists: WordLists): ReadonlyMap<string, Lang> {
  return new Map(
    Object.entries(lists).flatMap(([lang, words]) =>
      isLang(lang) ? words.interruptions.helpInLanguage.map((w) => [w, lang] as const) : [],
    ),
  );
}

/** Event the web chat page sends when it connects, so the bot can greet before the user types. */
export const JOIN_EVENT = 'webchat/join';

/**
 * The bot's front door: greets, keeps each user's language and answers messages. Everything
 * that must survive a restart lives in conversation or user state, saved at the end of each turn.
 */
export class FirstLineBot extends ActivityHandler {
  private readonly language: StatePropertyAccessor<LanguagePreference | undefined>;
  private readonly welcomed: StatePropertyAccessor<boolean | undefined>;
  /** Messages the bot answered in this conversation: its chat record's `turns`, written unread. */
  private readonly answered: StatePropertyAccessor<number | undefined>;
  /** Routes messages to dialogs; exposed so channels and the hand-over can read the case file. */
  readonly router: DialogRouter;
  private readonly words: WordLists;
  private readonly helpWords: ReadonlyMap<string, Lang>;

  constructor(private readonly options: FirstLineBotOptions) {
    super();
    this.language = options.userState.createProperty<LanguagePreference | undefined>('language');
    this.welcomed = options.conversationState.createProperty<boolean | undefined>('welcomed');
    this.answered = options.conversationState.createProperty<number | undefined>('answered');
    this.router = new DialogRouter({
      conversationState: options.conversationState,
      catalogue: options.catalogue,
      knowledge: options.knowledge,
      serviceDesk: options.serviceDesk ?? (() => undefined),
      defaultLanguage: options.defaultLanguage,
      handlers: options.problemHandlers,
      smallTalk: options.smallTalk && { ...options.smallTalk, botName: options.botName },
      words: options.words,
      groundedAnswers: options.groundedAnswers,
      tickets: options.tickets,
      knownProblems: options.knownProblems,
      newRequest: async (context, text) => {
        await resolveTurnLanguage(context, this.language, options.defaultLanguage, this.detection(text));
      },
    });
    this.words = options.words ?? shippedWordLists();
    this.helpWords = helpWordsOf(this.words);

    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter(
        (m) => m.id !== context.activity.recipient?.id,
      );
      // The web chat page announces itself with a join event that carries the browser's locale,
      // so on Direct Line the greeting waits for that instead of guessing the language.
      if (joined.length > 0 && context.activity.channelId !== 'directline') await this.welcome(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      // A page reload during a hand-over must not greet the user over the technician.
      const handedOver = await options.handoff?.ownsConversation(context);
      if (context.activity.name === JOIN_EVENT && !handedOver)
        await this.welcome(context, joinLocale(context.activity.value));
      await next();
    });
    this.onMessage(async (context, next) => {
      // A thumbs click on an article is answered on its own; the question the bot asked stays open.
      if (options.articleThumbs && submittedChoice(context.activity) !== undefined) {
        const language = (await this.language.get(context))?.language ?? options.defaultLanguage;
        if (await options.articleThumbs.intercept(context, language)) return next();
      }
      // While a technician has the conversation the bot never answers: the message is relayed.
      if (await options.handoff?.intercept(context)) {
        // A technician (or the queue) has the conversation, also when one stepped in unasked in
        // the middle of a flow: the bot's open question is moot, and after a hand back the bot
        // starts afresh instead of asking it again.
        await this.router.endDialogs(context);
      } else {
        if (await options.handoff?.wasTakenOver(context)) await this.router.endDialogs(context);
        await this.answer(context);
        const caseFile = await this.router.caseFile(context);
        const handoff = options.handoff;
        let answered: number | undefined;
        if (handoff) {
          answered = ((await this.answered.get(context)) ?? 0) + 1;
          await this.answered.set(context, answered);
        }
        // A fix the bot just recorded (or one the user just took back) is on the case file before
        // the chat record keeps it: a technician who takes the chat over continues on that ticket
        // or relates the new one to it (HandoffRecords.openTicketRecord), from any instance.
        await options.botResolutions?.noteTurn(context, caseFile);
        // The chat record and the case record are written together (on MongoDB both are revisions
        // in one collection, sent as one insert). The chat record gets the case file as it was
        // before the case record noted itself in it, as when they were written one after another.
        await Promise.all([
          handoff && answered !== undefined
            ? handoff.noteBotTurn(context, answered, caseFile && structuredClone(caseFile))
            : undefined,
          options.cases?.noteTurn(context, caseFile),
        ]);
      }
      await next();
    });
    this.onTyping(async (context, next) => {
      await options.handoff?.userTyping(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    this.options.handoff?.attach(context);
    await super.run(context);
    await this.options.conversationState.saveChanges(context, false);
    await this.options.userState.saveChanges(context, false);
  }

  private async welcome(context: TurnContext, locale?: string): Promise<void> {
    // Reconnects, page reloads and repeated join events must not greet twice.
    if (await this.welcomed.get(context)) return;
    await this.welcomed.set(context, true);
    const stored = await this.language.get(context);
    const language =
      stored?.language ??
      languageFromLocale(locale ?? context.activity.locale) ??
      this.options.defaultLanguage;
    if (!stored) await this.language.set(context, { language, chosen: false });
    const text = this.options.catalogue.t(language, 'welcome', { botName: this.options.botName });
    await context.sendActivity(this.router.welcome(context, text, language));
  }

  private async answer(context: TurnContext): Promise<void> {
    // Cut by the channel or the middleware already; cut here for a host that runs the bot bare.
    const shortened = keepStart(context, this.options.maxMessageChars);
    const text = (context.activity.text ?? '').trim();
    const switchTo = requestedLanguage(text, this.words);
    if (switchTo) {
      await chooseLanguage(context, this.language, switchTo);
      await this.say(context, switchTo, 'language.changed');
      // The open question, if any, again in the new language.
      return this.router.repromptActive(context);
    }
    const language = await resolveTurnLanguage(context, this.language, this.options.defaultLanguage, {
      ...this.detection(),
      answering: await this.router.isAwaitingAnswer(context),
      freeText: await this.router.isAwaitingFreeText(context),
    });
    const clicked = submittedChoice(context.activity) !== undefined;
    if (text.length === 0 && !clicked) {
      // A file sent without words is acknowledged by its own middleware; nothing to answer here.
      if (filesOf(context.activity).length > 0 || refusedFilesOf(context.activity).length > 0) return;
      return this.say(context, language, 'input.empty');
    }
    // Only the start of a pasted log was kept: say so, then answer what was kept.
    if (shortened !== undefined)
      await this.say(context, language, 'input.shortened', { max: this.options.maxMessageChars });
    const help = this.helpWords.get(text.toLowerCase().replace(/^\/|[?!.]+$/g, ''));
    if (help) {
      await this.say(context, help, 'help');
      return this.router.repromptActive(context);
    }
    await this.router.handle(context);
  }

  /** How a message's language is read: the matcher's detector, the content's language names. */
  private detection(text?: string): LanguageDetection {
    return {
      detect: this.options.knowledge.detectLanguage?.bind(this.options.knowledge),
      words: this.words,
      reportsFault: (message, language) => this.options.knowledge.textKind(message, language).fault,
      ...(text === undefined ? {} : { text }),
    };
  }

  private async say(
    context: TurnContext,
    language: Lang,
    key: string,
    vars?: Record<string, string | number>,
  ) {
    await context.sendActivity({
      type: ActivityTypes.Message,
      text: this.options.catalogue.t(language, key, vars),
      locale: language,
    });
  }
}

function joinLocale(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'locale' in value && typeof value.locale === 'string')
    return value.locale;
  return undefined;
}
