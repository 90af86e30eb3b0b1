import { ConversationState, ShowTypingMiddleware, UserState, type Middleware, type TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import { FirstLineBot } from './firstline-bot';
import { deduplicateActivities } from './middleware/deduplicate';
import { recordTranscript } from './middleware/transcript';

export { FirstLineBot, JOIN_EVENT } from './firstline-bot';

export interface BotDeps {
  config: Config;
  storage: StorageBackend;
  catalogue: Catalogue;
  logger: Logger;
}

export interface BotRuntime {
  /** The turn logic every channel adapter calls. */
  logic: (context: TurnContext) => Promise<void>;
  /** Middleware every channel adapter installs, in this order. */
  middleware: Middleware[];
}

export function createBot({ config, storage, catalogue, logger }: BotDeps): BotRuntime {
  const bot = new FirstLineBot({
    catalogue,
    conversationState: new ConversationState(storage.botState),
    userState: new UserState(storage.botState),
    defaultLanguage: config.defaultLanguage,
    botName: config.webChat.botName,
    maxMessageChars: config.limits.maxMessageChars,
  });
  return {
    logic: (context) => bot.run(context),
    middleware: [
      deduplicateActivities(storage.idempotency, logger),
      recordTranscript(storage.transcripts, logger),
      new ShowTypingMiddleware(300, 2000),
    ],
  };
}
