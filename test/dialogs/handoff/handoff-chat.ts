import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConversationState, TestAdapter, UserState, type Activity } from 'botbuilder';
import { FirstLineBot } from '../../../src/bot';
import { recordTranscript } from '../../../src/bot/middleware/transcript';
import { frustrationMiddleware } from '../../../src/dialogs/frustration';
import { flowHandler, loadStartupFlows, routerCaseFiles } from '../../../src/dialogs/flows';
import {
  BotChatTakeover,
  BotChats,
  BotHandoff,
  DefaultHandoffService,
  supportConfigSchema,
  type SupportConfig,
  type UpstreamSender,
} from '../../../src/handoff';
import { loadConfig } from '../../../src/config';
import { KnowledgeService } from '../../../src/knowledge';
import { loadOrganisation } from '../../../src/knowledge/articles/organisation';
import { silentLogger } from '../../../src/logging';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import type { StorageBackend } from '../../../src/storage/ports';
import { TechnicianDirectory, type NewTechnician, type Technician } from '../../../src/technicians';
import { TicketStore } from '../../../src/tickets';
import { catalogue, serviceDesk, visible } from '../chat-harness';

const CONTENT = path.join(__dirname, '../../../content');

const flows = loadStartupFlows({
  flowsDir: path.join(CONTENT, 'flows'),
  kbDir: path.join(CONTENT, 'kb'),
  taxonomyFile: path.join(CONTENT, 'taxonomy.yaml'),
  orgFile: path.join(CONTENT, 'organisation.yaml'),
  skipInvalid: true,
  logger: silentLogger(),
});
const org = loadOrganisation(path.join(CONTENT, 'organisation.yaml')).values;

let knowledge: KnowledgeService | undefined;

/** Articles and flows in one matcher, as the app builds it. */
function knowledgeService(): KnowledgeService {
  knowledge ??= KnowledgeService.create({
    config: loadConfig({ NODE_ENV: 'test', CONTENT_DIR: CONTENT, KB_WATCH: 'false' }),
    logger: silentLogger(),
    extraDocuments: flows.library.documents(),
  });
  return knowledge;
}

/** Open every day, all day, in Berlin: tests about hours pass their own. */
export const ALWAYS_OPEN: SupportConfig = supportConfigSchema.parse({
  timeZone: 'Europe/Berlin',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
  ),
  queues: { security: { skills: ['security'] }, network: { skills: ['network'] } },
});

export interface World {
  storage: StorageBackend;
  service: DefaultHandoffService;
  technicians: TechnicianDirectory;
  tickets: TicketStore;
  /** The chats the bot is having, and technicians' take-overs of them. */
  chats: BotChats;
  takeover: BotChatTakeover;
  now: { value: Date };
  close(): Promise<void>;
}

/** Storage (SQLite in a temp folder), a settable clock and the hand-over service. */
export function createWorld(
  support: SupportConfig = ALWAYS_OPEN,
  start = '2026-11-23T10:00:00Z',
): World & {
  upstream: RoutingUpstream;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-handoff-'));
  const storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
  const now = { value: new Date(start) };
  const clock = () => now.value;
  const technicians = new TechnicianDirectory(storage, clock);
  const tickets = new TicketStore(storage, clock);
  const upstream = new RoutingUpstream();
  const service = new DefaultHandoffService({
    storage,
    tickets,
    technicians,
    support,
    upstream,
    catalogue,
    logger: silentLogger(),
    clock,
  });
  const chats = new BotChats(storage, clock);
  const takeover = new BotChatTakeover({ chats, service, transcripts: storage.transcripts, clock });
  return {
    storage,
    service,
    technicians,
    tickets,
    chats,
    takeover,
    now,
    upstream,
    close: async () => {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Proactive sends go to the chat whose conversation they address, as a channel would. */
export class RoutingUpstream implements UpstreamSender {
  readonly chats = new Map<string, HandoffChat>();
  /** Everything sent, in order, for assertions on conversations without a chat. */
  readonly sent: { conversationId: string; activity: Partial<Activity> }[] = [];

  async send(
    reference: Parameters<UpstreamSender['send']>[0],
    activities: Partial<Activity>[],
  ): Promise<void> {
    const id = reference.conversation?.id ?? '';
    for (const activity of activities) this.sent.push({ conversationId: id, activity });
    const chat = this.chats.get(id);
    if (chat) await chat.proactive(activities);
  }
}

let conversations = 0;

/** One user talking to the real bot with the hand-over on (and the shipped flows). */
export class HandoffChat {
  readonly bot: FirstLineBot;
  readonly conversationId: string;
  private readonly adapter: TestAdapter;
  /** Messages the user received outside their own turns (technician, queue updates). */
  private readonly pushed: Partial<Activity>[] = [];

  constructor(
    readonly world: World & { upstream: RoutingUpstream },
    options: { channelId?: string; language?: string; support?: SupportConfig } = {},
  ) {
    const knowledge = knowledgeService();
    const handoff = new BotHandoff({
      service: world.service,
      catalogue,
      support: options.support ?? ALWAYS_OPEN,
      defaultLanguage: 'en',
      logger: silentLogger(),
      knowledge,
      chats: world.chats,
    });
    let bot: FirstLineBot | undefined = undefined;
    const handler = flowHandler({
      library: flows.library,
      strings: flows.strings,
      catalogue,
      cases: routerCaseFiles(() => bot!.router),
      knowledge,
      serviceDesk,
      defaultLanguage: 'en',
      resumeAfterHours: 24,
      org,
    });
    bot = new FirstLineBot({
      catalogue,
      conversationState: new ConversationState(world.storage.botState),
      userState: new UserState(world.storage.botState),
      defaultLanguage: 'en',
      botName: 'FirstLine',
      maxMessageChars: 500,
      knowledge,
      serviceDesk,
      problemHandlers: [handler],
      handoff,
    });
    this.bot = bot;
    this.adapter = new TestAdapter((context) => this.bot.run(context), {
      channelId: options.channelId ?? 'test',
      locale: options.language,
    });
    this.conversationId = `conversation-${++conversations}`;
    this.adapter.conversation.conversation = {
      ...this.adapter.conversation.conversation,
      id: this.conversationId,
    };
    this.adapter.use(recordTranscript(world.storage.transcripts, silentLogger()));
    this.adapter.use(
      frustrationMiddleware({
        storage: world.storage.botState,
        defaultLanguage: 'en',
        texts: {
          empathy: (lang) => flows.strings.t(lang, 'frustration.empathy'),
          talkToPerson: (lang) => catalogue.t(lang, 'choice.talkToPerson'),
        },
      }),
    );
    world.upstream.chats.set(this.conversationId, this);
  }

  async send(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.receiveActivity(input);
    return this.adapter.activeQueue.splice(0).filter((a) => a.type === 'message');
  }

  async say(input: string | Partial<Activity>): Promise<string> {
    return visible(await this.send(input));
  }

  /**
   * Asks for a person before describing any problem: the bot asks what the problem is, and the
   * user insists (the same request again), which queues them with the problem not described.
   */
  async insist(input: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.send(input);
    return this.send(input);
  }

  async sayInsisting(input: string | Partial<Activity>): Promise<string> {
    return visible(await this.insist(input));
  }

  click(value: string): Promise<string> {
    return this.say({ type: 'message', value: { firstlineChoice: value } });
  }

  /** A proactive turn, as the channel adapter runs it (middleware included). */
  async proactive(activities: Partial<Activity>[]): Promise<void> {
    await this.adapter.processActivity({ type: 'event', name: 'continueConversation' }, async (context) => {
      await context.sendActivities(activities);
    });
    this.pushed.push(...this.adapter.activeQueue.splice(0));
  }

  /** What the user received since last asked, outside their own turns. */
  received(): string {
    return visible(this.pushed.splice(0).filter((a) => a.type === 'message'));
  }

  receivedActivities(): Partial<Activity>[] {
    return this.pushed.splice(0);
  }
}

export async function onlineTechnician(world: World, input: NewTechnician): Promise<Technician> {
  const { technician } = await world.technicians.create({ availability: 'online', ...input });
  return technician;
}

/** Console events of the hand-over stream, oldest first. */
export async function consoleEvents(world: World): Promise<Record<string, unknown>[]> {
  return (await world.storage.events.list('console', 0, 1000)).map((e) => e.event);
}
