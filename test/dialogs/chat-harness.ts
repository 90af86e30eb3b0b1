import path from 'node:path';
import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type Attachment,
} from 'botbuilder';
import { FirstLineBot } from '../../src/bot';
import { loadConfig } from '../../src/config';
import type { CaseFile, KnowledgeLookup, ProblemHandlerFactory } from '../../src/dialogs';
import { serviceDeskDirectory } from '../../src/dialogs/service-desk';
import { shippedContent } from '../helpers/shipped-content';
import { Catalogue } from '../../src/i18n';
import { KnowledgeService } from '../../src/knowledge';
import type { Ticket } from '../../src/tickets';
import { silentLogger } from '../../src/logging';
import { ProductionApp, type ProductionChat } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';

const CONTENT = path.join(__dirname, '../../content');
export const catalogue = Catalogue.load(path.join(CONTENT, 'i18n'));

const services = new Map<string, KnowledgeService>();

/** The real knowledge service on the shipped content; thresholds may be pinned per test file. */
export function knowledgeService(env: Record<string, string> = {}): KnowledgeService {
  const key = JSON.stringify(env);
  let service = services.get(key);
  if (!service) {
    const config = loadConfig({ NODE_ENV: 'test', CONTENT_DIR: CONTENT, KB_WATCH: 'false', ...env });
    service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config,
      logger: silentLogger(),
    });
    services.set(key, service);
  }
  return service;
}

export const serviceDesk = serviceDeskDirectory(() => shippedContent().organisation);

/**
 * Options of the unit-level chat (`new Chat(...)`): the bot alone on botbuilder's TestAdapter with
 * its own storage, knowledge or problem handlers. Transcript tests use `userChat()`, the
 * production wiring.
 */
export interface ChatOptions {
  storage?: MemoryStorage;
  /** `test` (no cards) unless set; `directline`, `webchat`, `msteams` get Adaptive Cards. */
  channelId?: string;
  knowledge?: KnowledgeLookup;
  problemHandlers?: ProblemHandlerFactory[];
}

const production = new Map<string, Promise<ProductionApp>>();

/**
 * One app per test file, built as `createApp` builds it (always-open support hours); a file that
 * pins settings (e.g. matcher thresholds) gets one more app for those settings.
 */
function productionApp(env: Record<string, string> = {}): Promise<ProductionApp> {
  const key = JSON.stringify(env);
  let app = production.get(key);
  if (!app) {
    app = ProductionApp.start({
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000',
      ...env,
    });
    production.set(key, app);
  }
  return app;
}

/**
 * Starts this file's app before its first test (call at the top of a file or describe that uses
 * `userChat`), so start-up is not charged to the first test's timeout.
 */
export function startProductionApp(env: Record<string, string> = {}): void {
  beforeAll(() => productionApp(env), 120_000);
}

afterAll(async () => {
  const apps = [...production.values()];
  production.clear();
  for (const app of apps) await (await app).stop();
});

export { alwaysOpenSupportFile };

/** The surface transcript tests use, whichever wiring is behind it. */
export interface ChatLike {
  send(input: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  click(value: string): Promise<Partial<Activity>[]>;
  caseFile(): Promise<CaseFile | undefined>;
  /** The tickets the conversation opened (the production wiring only). */
  tickets?(): Promise<Ticket[]>;
}

/**
 * A web chat user talking to the bot exactly as users meet it: the whole app (middleware, flows
 * and articles competing, hand-over) over the Direct Line endpoint. A failed turn or the generic
 * error fails the test.
 */
export function userChat(options: { locale?: string; env?: Record<string, string> } = {}): ChatLike {
  let started: Promise<ProductionChat> | undefined;
  const chat = () => (started ??= productionApp(options.env).then((app) => app.chat(options)));
  return {
    send: async (input) => (await chat()).send(input),
    click: async (value) => (await chat()).click(value),
    caseFile: async () => (await chat()).caseFile(),
    tickets: async () => (await chat()).tickets(),
  };
}

/** Everything the bot said in the conversation, for checks across all turns. */
export function recording(chat: ChatLike): { chat: ChatLike; said: string[] } {
  const said: string[] = [];
  const keep = (replies: Partial<Activity>[]) => {
    said.push(visible(replies));
    return replies;
  };
  return {
    said,
    chat: {
      ...chat,
      send: async (input) => keep(await chat.send(input)),
      click: async (value) => keep(await chat.click(value)),
    },
  };
}

/** The bot alone on botbuilder's TestAdapter (unit level: no middleware, no hand-over). */
export class Chat implements ChatLike {
  readonly storage: MemoryStorage;
  readonly bot: FirstLineBot;
  private readonly adapter: TestAdapter;

  constructor(options: ChatOptions = {}) {
    this.storage = options.storage ?? new MemoryStorage();
    this.bot = new FirstLineBot({
      catalogue,
      conversationState: new ConversationState(this.storage),
      userState: new UserState(this.storage),
      defaultLanguage: 'en',
      botName: 'FirstLine',
      maxMessageChars: 500,
      knowledge: options.knowledge ?? knowledgeService(),
      serviceDesk,
      problemHandlers: options.problemHandlers,
    });
    this.adapter = new TestAdapter((context) => this.bot.run(context), {
      channelId: options.channelId ?? 'test',
    });
  }

  async send(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.receiveActivity(input);
    return this.adapter.activeQueue.splice(0).filter((a) => a.type === 'message');
  }

  /** The conversation's case file as stored (read in a turn of its own). */
  async caseFile(): Promise<CaseFile | undefined> {
    let found: CaseFile | undefined;
    await this.adapter.processActivity({ type: 'event', name: 'test/read-case-file' }, async (context) => {
      found = await this.bot.router.caseFile(context);
    });
    return found;
  }

  /** Clicks a card button, as Web Chat does: no text, the button's data as `value`. */
  click(value: string): Promise<Partial<Activity>[]> {
    return this.send({ type: 'message', value: { firstlineChoice: value } });
  }
}

interface CardAction {
  title: string;
  data: Record<string, unknown>;
}

export function cardOf(
  activity: Partial<Activity>,
): { body: { text: string }[]; actions: CardAction[] } | undefined {
  const attachment: Attachment | undefined = activity.attachments?.find(
    (a) => a.contentType === 'application/vnd.microsoft.card.adaptive',
  );
  return attachment?.content as { body: { text: string }[]; actions: CardAction[] } | undefined;
}

/** Everything a user would read in these replies: text, card text and button labels. */
export function visible(replies: readonly Partial<Activity>[]): string {
  return replies
    .map((reply) => {
      const card = cardOf(reply);
      const parts = [reply.text ?? ''];
      // A card without buttons (a ticket's status) has no actions.
      if (card)
        parts.push(...card.body.map((b) => b.text), ...(card.actions ?? []).map((a) => `[${a.title}]`));
      return parts.filter(Boolean).join('\n');
    })
    .join('\n---\n');
}

/** Button values and labels of the last card in these replies. */
export function buttons(replies: readonly Partial<Activity>[]): { value: string; title: string }[] {
  const card = [...replies].reverse().map(cardOf).find(Boolean);
  return (card?.actions ?? []).map((a) => ({ value: String(a.data.firstlineChoice), title: a.title }));
}

export type Expectation = RegExp | ((text: string, replies: Partial<Activity>[]) => void);
export type Row = [input: string | { click: string } | Partial<Activity>, expected: Expectation];

/** Plays a table of `[user says, what the bot's replies must show]` rows through one chat. */
export async function play(chat: ChatLike, rows: readonly Row[]): Promise<void> {
  for (const [input, expected] of rows) {
    const replies =
      typeof input === 'object' && 'click' in input && typeof input.click === 'string'
        ? await chat.click(input.click)
        : await chat.send(input as string | Partial<Activity>);
    const text = visible(replies);
    if (expected instanceof RegExp) {
      if (!expected.test(text)) {
        throw new Error(
          `After ${JSON.stringify(input)} expected ${String(expected)}, the bot said:\n${text}`,
        );
      }
    } else expected(text, replies);
  }
}
