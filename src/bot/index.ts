import type { CaseRecorder } from '../insights';
import type { BotResolutions } from '../followup';
import { ShowTypingMiddleware, type ConversationState, type Middleware, type TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type {
  GroundedAnswerSource,
  KnowledgeLookup,
  KnownProblemNotices,
  ProblemHandlerFactory,
} from '../dialogs';
import type { ServiceDeskDirectory } from '../dialogs/service-desk';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import type { BotHandoff } from '../dialogs/handoff';
import { FirstLineBot } from './firstline-bot';
import { ArticleThumbs } from '../dialogs/article-thumbs';
import { recordTranscript } from './middleware/transcript';
import { noticeRemovedSecrets } from './middleware/secret-notice';
import { redactionMiddleware, type RedactionPipeline, type Speaker } from '../privacy';
import { acknowledgeFiles } from './middleware/file-notice';
import { keepStartOfLongMessages } from './middleware/long-message';
import { storeTeamsFiles } from './middleware/teams-files';
import type { AttachmentService } from '../attachments';
import { botConnectorToken } from './bot-token';
import type { SmallTalkContent } from '../dialogs/small-talk';
import { DocumentFeedbackStore, type FeedbackStore } from '../feedback';
import { setTurnRedactions, TurnConversationState, TurnUserState } from '../turn';
import type { WordLists } from '../words';
import type { TicketChatOptions } from '../dialogs/tickets';

export { FirstLineBot, JOIN_EVENT, type FirstLineBotOptions } from './firstline-bot';

export interface BotDeps {
  config: Config;
  storage: StorageBackend;
  catalogue: Catalogue;
  /** CONTENT_DIR/small-talk from the content loader; undefined turns small talk off. */
  smallTalk: SmallTalkContent | undefined;
  /** How to reach the service desk (organisation.yaml, current after a reload). */
  serviceDesk: ServiceDeskDirectory;
  logger: Logger;
  /** The knowledge base the bot answers from (`KnowledgeService`). */
  knowledge: KnowledgeLookup;
  /** Handlers for match results other than articles, e.g. guided flows (built with the router's case file). */
  problemHandlers?: readonly ProblemHandlerFactory[];
  /**
   * Offers a person when the user sounds frustrated, whatever dialog runs; last in the middleware,
   * so it sees the turn as the bot does and its offer comes before the bot's reply. Given the
   * bot's conversation state, it keeps its score there: saved with it, one write per turn.
   */
  frustration?: (conversationState: ConversationState) => Middleware;
  /** Removes secrets from every activity in and out before anything stores or sees it. */
  redaction: RedactionPipeline;
  /** Whose split-message state a turn's activity updates (default: the user's in that conversation). */
  redactionSpeaker?: (context: TurnContext) => Speaker | undefined;
  /** True for an incoming activity its channel ran through the pipeline before storing it. */
  redactedByChannel?: (context: TurnContext) => boolean;
  /** Live hand-over to technicians (the bot's side); absent: the service desk's contacts. */
  handoff?: BotHandoff;
  /** Keeps the files users send in Teams 1:1 chats. */
  attachments: AttachmentService;
  /** The content's word lists (content/words); the shipped ones when absent. */
  words?: WordLists;
  /** A language model's answers from the top articles when the matcher is unsure (src/llm). */
  groundedAnswers?: GroundedAnswerSource;
  /** The user's own tickets in chat; absent (no hand-over, so no tickets): not recognised. */
  tickets?: TicketChatOptions;
  /** Keeps a record per problem for the reports (src/insights). */
  cases?: CaseRecorder;
  /** Known problems (active incidents, src/incidents) users are told about. */
  knownProblems?: KnownProblemNotices;
  /** Where users' remarks go (kept and routed to the owning team, src/feedback); the plain store otherwise. */
  feedbackRecorder?: Pick<FeedbackStore, 'record'>;
  /** Records problems the bot resolved as resolved tickets, to be followed up (src/followup). */
  botResolutions?: Pick<BotResolutions, 'noteTurn'>;
}

export interface BotRuntime {
  /** The turn logic every channel adapter calls. */
  logic: (context: TurnContext) => Promise<void>;
  /** Middleware every channel adapter installs, in this order (the one list; nothing adds to it). */
  middleware: readonly Middleware[];
  bot: FirstLineBot;
  /** Users' feedback on the help, recognised by the dialogs. */
  feedback: FeedbackStore;
}

export function createBot({
  config,
  storage,
  catalogue,
  smallTalk,
  serviceDesk,
  logger,
  knowledge,
  problemHandlers,
  frustration,
  redaction,
  redactionSpeaker,
  redactedByChannel,
  handoff,
  attachments,
  words,
  groundedAnswers,
  tickets,
  cases,
  knownProblems,
  feedbackRecorder,
  botResolutions,
}: BotDeps): BotRuntime {
  const feedback = new DocumentFeedbackStore(storage, redaction.redactor);
  // Remarks and article thumbs go where feedback is routed to the owning team, when it is.
  const feedbackSink = feedbackRecorder ?? feedback;
  const conversationState = new TurnConversationState(storage.botState);
  const bot = new FirstLineBot({
    catalogue,
    conversationState,
    userState: new TurnUserState(storage.botState),
    defaultLanguage: config.defaultLanguage,
    botName: config.webChat.botName,
    maxMessageChars: config.limits.maxMessageChars,
    knowledge,
    serviceDesk,
    problemHandlers,
    handoff,
    smallTalk: smallTalk ? { content: smallTalk, feedback: feedbackSink, logger } : undefined,
    words,
    groundedAnswers,
    tickets,
    cases,
    knownProblems,
    botResolutions,
    articleThumbs: new ArticleThumbs({ feedback: feedbackSink, knowledge, catalogue, logger }),
  });
  return {
    bot,
    feedback,
    logic: (context) => bot.run(context),
    middleware: [
      // Before redaction, which would mangle the download links (they carry their own tokens);
      // the links are dropped here and only the kept files' names go on.
      storeTeamsFiles({
        attachments,
        maxFiles: config.attachments.maxFiles,
        downloadHosts: config.attachments.downloadHosts,
        botToken: botTokenProvider(config),
        logger,
      }),
      // First: nothing after it (transcript, logs, dialogs, handoff) may see a secret.
      redactionMiddleware(redaction, {
        speakerOf: redactionSpeaker,
        redactedBefore: redactedByChannel,
        onFindings: setTurnRedactions,
      }),
      keepStartOfLongMessages(config.limits.maxMessageChars),
      recordTranscript(storage.transcripts, logger),
      new ShowTypingMiddleware(300, 2000),
      noticeRemovedSecrets(config.defaultLanguage, redaction.redactor.content.messages),
      acknowledgeFiles({
        catalogue,
        defaultLanguage: config.defaultLanguage,
        maxBytes: config.attachments.maxBytes,
      }),
      ...(frustration ? [frustration(conversationState)] : []),
    ],
  };
}

/** The bot's Bot Connector token (for Teams inline images); none without credentials (development). */
function botTokenProvider(config: Config): (() => Promise<string | undefined>) | undefined {
  const { appId, appPassword, tenantId, appType } = config.botFramework;
  if (!appId || !appPassword) return undefined;
  return botConnectorToken({
    appId,
    appPassword,
    tenantId: appType === 'SingleTenant' ? tenantId : undefined,
  });
}
