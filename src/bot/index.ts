import {
  ConversationState,
  ShowTypingMiddleware,
  UserState,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import type { KnowledgeLookup, ProblemHandler } from '../dialogs';
import { loadServiceDesk } from '../dialogs/service-desk';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import { FirstLineBot } from './firstline-bot';
import { deduplicateActivities } from './middleware/deduplicate';
import { recordTranscript } from './middleware/transcript';

export { FirstLineBot, JOIN_EVENT, type FirstLineBotOptions } from './firstline-bot';

export interface BotDeps {
  config: Config;
  storage: StorageBackend;
  catalogue: Catalogue;
  logger: Logger;
  /** The knowledge base the bot answers from (`KnowledgeService`). */
  knowledge: KnowledgeLookup;
  /** Handlers for match results other than articles, e.g. guided flows. */
  problemHandlers?: readonly ProblemHandler[];
}

export interface BotRuntime {
  /** The turn logic every channel adapter calls. */
  logic: (context: TurnContext) => Promise<void>;
  /** Middleware every channel adapter installs, in this order. */
  middleware: Middleware[];
  bot: FirstLineBot;
}

export function createBot({
  config,
  storage,
  catalogue,
  logger,
  knowledge,
  problemHandlers,
}: BotDeps): BotRuntime {
  const bot = new FirstLineBot({
    catalogue,
    conversationState: new ConversationState(storage.botState),
    userState: new UserState(storage.botState),
    defaultLanguage: config.defaultLanguage,
    botName: config.webChat.botName,
    maxMessageChars: config.limits.maxMessageChars,
    knowledge,
    serviceDesk: loadServiceDesk(config.knowledge.orgConfigFile, logger),
    problemHandlers,
  });
  return {
    bot,
    logic: (context) => bot.run(context),
    middleware: [
      deduplicateActivities(storage.idempotency, logger),
      recordTranscript(storage.transcripts, logger),
      new ShowTypingMiddleware(300, 2000),
    ],
  };
}
