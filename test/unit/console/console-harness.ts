import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Activity, ConversationReference } from 'botbuilder';
import { loadConfig, type Config } from '../../../src/config';
import { handoffPrompts } from '../../../src/dialogs/handoff';
import { createConsole, type ConsoleDeps, type TechnicianConsole } from '../../../src/console';
import { DocumentFeedbackStore, FeedbackOutbox } from '../../../src/feedback';
import { createGaps } from '../../../src/gaps';
import { createRedactor } from '../../../src/privacy';
import type { EntraIdentity } from '../../../src/console/auth/entra-sso';
import {
  BotChatTakeover,
  BotChats,
  createHandoffCore,
  type TechnicianDesk,
  type UserQueue,
  supportConfigSchema,
  type Handoff,
} from '../../../src/handoff';
import { Catalogue } from '../../../src/i18n';
import type { Lang } from '../../../src/i18n/languages';
import { KnowledgeService } from '../../../src/knowledge';
import { silentLogger } from '../../../src/logging';
import { createHttpServer } from '../../../src/server';
import { createStorage } from '../../../src/storage';
import type { StorageBackend } from '../../../src/storage/ports';
import { TechnicianDirectory, type Role, type Technician } from '../../../src/technicians';
import { TicketStore } from '../../../src/tickets';
import { createIncidents } from '../../../src/incidents';
import { createMailOutbox, createMailSender } from '../../../src/mail';
import { shippedWordLists } from '../../../src/words';
import { shippedContent } from '../../helpers/shipped-content';

const CONTENT = path.join(__dirname, '../../../content');

export interface ConsoleHarness {
  url: string;
  config: Config;
  storage: StorageBackend;
  directory: TechnicianDirectory;
  handoffs: TechnicianDesk;
  queue: UserQueue;
  console: TechnicianConsole;
  /** Activities the handoff service sent to users. */
  sent: { conversationId: string; activities: Partial<Activity>[] }[];
  addTechnician(
    role: Role,
    options?: { skills?: string[]; languages?: Lang[]; name?: string; aad?: Technician['aad'] },
  ): Promise<{ technician: Technician; token: string }>;
  queueHandoff(options?: { skills?: string[]; language?: Lang; category?: string }): Promise<Handoff>;
  /** As if the bot had just answered a message in a new conversation (or in `conversationId`); returns its id. */
  botChat(problem: string, conversationId?: string): Promise<string>;
  stop(): Promise<void>;
}

let knowledge: KnowledgeService | undefined;

/**
 * The console API on its own restify server, over the real handoff service and technicians on a
 * fresh SQLite store. Support is open around the clock so hand-overs queue live at any hour.
 */
export async function startConsoleHarness(
  options: { env?: Record<string, string>; validateSso?: (token: string) => Promise<EntraIdentity> } = {},
): Promise<ConsoleHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-console-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CONTENT_DIR: CONTENT,
    KB_WATCH: 'false',
    DATA_DIR: dataDir,
    ...options.env,
  });
  const logger = silentLogger();
  const storage = await createStorage(config, logger);
  const directory = new TechnicianDirectory(storage);
  const sent: ConsoleHarness['sent'] = [];
  const every = Object.fromEntries(
    ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, ['00:00-24:00']]),
  );
  const catalogue = Catalogue.load(path.join(CONTENT, 'i18n'));
  const tickets = new TicketStore(storage);
  const upstream = {
    send: async (reference: Partial<ConversationReference>, activities: Partial<Activity>[]) => {
      sent.push({ conversationId: reference.conversation?.id ?? '', activities });
    },
  };
  const { desk: handoffs, queue } = createHandoffCore({
    storage,
    tickets,
    technicians: directory,
    support: supportConfigSchema.parse({ timeZone: 'UTC', hours: every, languageFallback: false }),
    upstream,
    catalogue,
    prompts: handoffPrompts(catalogue),
    logger,
  });
  knowledge ??= KnowledgeService.create({ synonyms: shippedContent().synonyms, config, logger });
  const chats = new BotChats(storage, () => new Date());
  const botChats = new BotChatTakeover({
    chats,
    desk: handoffs,
    queue,
    transcripts: storage.transcripts,
    clock: () => new Date(),
  });
  const consoleApi = createConsole({
    config,
    storage,
    cannedReplies: shippedContent().cannedReplies,
    logger,
    handoffs,
    directory,
    knowledge,
    botChats,
    feedback: feedbackInbox(storage),
    incidents: createIncidents({
      settings: config.incidents,
      storage,
      catalogue,
      words: shippedWordLists(),
      upstream,
      tickets,
      redact: (text) => text,
      topicLabel: (topic) => topic,
      logger,
    }).service,
    topics: () => [...shippedContent().taxonomy.topics.values()],
    gaps: knowledgeGaps(storage, knowledge, config),
    mailOutbox: mailOutboxView(storage),
    validateSso: options.validateSso,
    heartbeatMs: 500,
  });
  const server = createHttpServer({
    bodyLimitBytes: config.server.bodyLimitBytes,
    keepAliveTimeoutMs: config.server.keepAliveTimeoutMs,
    logger,
  });
  consoleApi.register(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let conversations = 0;

  return {
    url: `http://127.0.0.1:${port}`,
    config,
    storage,
    directory,
    handoffs,
    queue,
    console: consoleApi,
    sent,
    addTechnician: (role, o = {}) =>
      directory.create({
        name: o.name ?? `${role} ${Math.random().toString(36).slice(2, 7)}`,
        role,
        skills: o.skills ?? [],
        languages: o.languages ?? ['en', 'de', 'pl', 'ro'],
        availability: 'online',
        aad: o.aad,
      }),
    queueHandoff: async (o = {}) => {
      conversations += 1;
      const id = `conv-${conversations}-${Date.now()}`;
      const user = { id: `user-${conversations}`, name: `User ${conversations}` };
      const result = await queue.request({
        reference: { channelId: 'directline', conversation: { id } as never, user, serviceUrl: 'http://x' },
        user,
        language: o.language ?? 'en',
        channelId: 'directline',
        reason: 'user-asked',
        category: o.category,
        skills: o.skills ?? [],
      });
      return result.handoff;
    },
    botChat: async (problem, conversationId) => {
      conversations += 1;
      const id = conversationId ?? `chat-${conversations}-${Date.now()}`;
      const user = { id: `user-${conversations}`, name: `User ${conversations}` };
      await chats.record(
        {
          id,
          channelId: 'directline',
          upstream: { channelId: 'directline', conversation: { id } as never, user, serviceUrl: 'http://x' },
          user,
          language: 'en',
          caseFile: {
            problem,
            descriptions: [problem],
            language: 'en',
            facts: {},
            suggestions: [],
            steps: [],
          } as never,
        },
        1,
      );
      return id;
    },
    stop: async () => {
      consoleApi.close();
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch with a bearer token and JSON body. */
export async function api(
  url: string,
  token: string | undefined,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Knowledge gaps and article drafts on the harness's storage and knowledge base (never published here). */
function knowledgeGaps(
  storage: StorageBackend,
  knowledge: KnowledgeService,
  config: Config,
): ConsoleDeps['gaps'] {
  const content = shippedContent();
  const redactor = createRedactor(content.privacy);
  const topics = () => [...content.taxonomy.topics.keys()];
  return createGaps({
    storage,
    terms: content.gapTerms,
    words: content.words,
    resolutionNotes: async () => [],
    redact: (text) => redactor.redact(text).text,
    threshold: config.gaps.clusterSimilarity,
    drafting: { topics, fallbackTopic: 'contact.service-desk', summary: (_lang, vars) => vars.question },
    publishTo: {
      kbDir: fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-harness-kb-')),
      topics,
      articleExists: (id) => knowledge.articles().some((a) => a.id === id),
      reload: () => knowledge.reload(),
    },
    logger: silentLogger(),
    clock: () => new Date(),
  });
}

/** The Feedback inbox's routes on the harness's storage (what they read is the store and the outbox). */
function feedbackInbox(storage: StorageBackend): ConsoleDeps['feedback'] {
  const store = new DocumentFeedbackStore(storage, createRedactor(shippedContent().privacy));
  const outbox = new FeedbackOutbox(storage, () => new Date());
  return {
    list: (query) => store.list(query),
    setStatus: (id, status, by) => store.setStatus(id, status, by),
    deliveries: (ids) => outbox.forFeedback(ids),
  };
}

/**
 * The mail outbox's routes on the harness's storage; the SMTP server it names is never reached
 * (nothing here sends e-mail).
 */
function mailOutboxView(storage: StorageBackend): ConsoleDeps['mailOutbox'] {
  const smtp = createMailSender({ smtpUrl: 'smtp://127.0.0.1:9', from: 'desk@example.test' }, silentLogger());
  const mailing = createMailOutbox({
    smtp: smtp!,
    storage,
    settings: {
      intervalMs: 3600_000,
      maxAttempts: 3,
      retryBaseMs: 60_000,
      retryMaxMs: 3600_000,
      retentionMs: 14 * 86_400_000,
      claimMs: 60_000,
    },
    clock: () => new Date(),
    logger: silentLogger(),
  });
  return {
    page: (query) => mailing.outbox.page(query),
    counts: () => mailing.outbox.counts(),
    get: (id) => mailing.outbox.get(id),
    retry: (id) => mailing.retry(id),
    redact: (text) => text,
  };
}
