import { signIn, type ConsoleSession } from '../helpers/console-session';
import {
  startFakeOpenAiServer,
  type EndpointFailure,
  type FakeOpenAiServer,
} from '../helpers/openai-compatible-server';
import { ProductionApp, type ProductionChat } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { visible } from '../dialogs/chat-harness';

/**
 * Every language-model feature through the real app (a web chat user on Direct Line, a lead in the
 * console with a session cookie) while the local OpenAI-compatible endpoint is slow beyond the
 * timeout, answers 500, returns broken JSON or refuses connections: each feature falls back to what
 * it does without a model, nobody sees an error, and the feature works again once the endpoint does.
 */
const TIMEOUT_MS = 700;
/** What the bot says without a model to a question the matcher is unsure of. */
const WITHOUT_MODEL = /Which of these is closest\?|Is this about|don't have an answer for that yet/;
/** Words that would tell a user or technician something failed or that a model was involved. */
const ERROR_WORDING = /went wrong|error|fehler|błąd|eroare|language model|timeout|unavailable/i;

let server: FakeOpenAiServer;
let app: ProductionApp;
let session: ConsoleSession;
let now = new Date('2026-03-02T09:00:00Z');

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  app = await ProductionApp.start(
    {
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000',
      OPENAI_API_KEY: 'sk-test-fallbacks',
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_MODEL: 'fake-chat',
      LLM_TIMEOUT_MS: String(TIMEOUT_MS),
    },
    () => now,
  );
  const { token } = await app.running.app.handoff!.technicians.create({
    name: 'Eve English',
    role: 'lead',
    languages: ['en'],
  });
  session = await signIn(app.url, token);
}, 120_000);
afterEach(() => server.setFailure(undefined));
afterAll(async () => {
  await app?.stop();
  await server?.close();
});

async function consoleCall(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      ...(method === 'POST' ? { 'x-firstline-csrf': session.csrf, 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Claimed {
  /** The user's first message, unique to the ticket (translations are cached per text). */
  problem: string;
  chat: ProductionChat;
  handoffId: string;
  ticketId: string;
}

/** A German web chat user handed over and claimed by the lead in the console (endpoint healthy). */
let tickets = 0;
async function claimedTicket(): Promise<Claimed> {
  const chat = app.chat({ locale: 'de-DE' });
  const problem = `Mein Drucker ${++tickets} druckt nicht`;
  await chat.send(problem);
  const asked = await chat.send('Ich möchte mit einem Menschen sprechen');
  if (!asked.some((reply) => /HD-\d+/.test(reply.text ?? ''))) await chat.send('ja');
  const owner = await app.running.app.handoff!.queue.ownerOf(await chat.conversationId);
  if (!owner) throw new Error('no hand-over was opened');
  const claimed = await consoleCall('POST', `/api/console/handoffs/${owner.id}/claim`);
  expect(claimed.status).toBe(200);
  await chat.newBotMessages();
  return { problem, chat, handoffId: owner.id, ticketId: owner.ticketId };
}

interface Feature {
  /** Runs the feature with the endpoint misbehaving: the fallback holds, nothing shows an error. */
  fallsBack(ticket: Claimed): Promise<void>;
  /** Runs it with the endpoint healthy: the model's work is there. */
  works(ticket: Claimed): Promise<void>;
}

/** A new English user's question the matcher is unsure of: the model's answer, or the clarifying question. */
const groundedAnswer = {
  async fallsBack() {
    const replies = await app.chat({ locale: 'en-US' }).send('connection problem');
    expect(visible(replies)).toMatch(WITHOUT_MODEL);
    expect(visible(replies)).not.toMatch(/This answer comes from our guides/);
    expect(visible(replies)).not.toMatch(ERROR_WORDING);
  },
  async works() {
    const replies = await app.chat({ locale: 'en-US' }).send('connection problem');
    expect(visible(replies)).toMatch(/This answer comes from our guides/);
  },
};

const FEATURES: Record<string, Feature> = {
  'grounded answer (Direct Line)': groundedAnswer,
  'hand-over summary (console)': {
    async fallsBack({ ticketId, problem }) {
      const briefing = await consoleCall('GET', `/api/console/tickets/${ticketId}/briefing`);
      expect(briefing).toEqual({ status: 200, body: { language: 'en', lines: null } });
      // The structured summary on the ticket stands.
      const ticket = await consoleCall('GET', `/api/console/tickets/${ticketId}`);
      expect(ticket.status).toBe(200);
      expect(JSON.stringify(ticket.body)).toContain(problem);
    },
    async works({ ticketId }) {
      const briefing = await consoleCall('GET', `/api/console/tickets/${ticketId}/briefing`);
      expect(briefing.body.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^Problem: /)]));
    },
  },
  'translation user → technician (console)': {
    async fallsBack({ ticketId, problem }) {
      const translated = await consoleCall('GET', `/api/console/tickets/${ticketId}/translations`);
      expect(translated.status).toBe(200);
      expect(translated.body).toMatchObject({ from: 'de', to: 'en' });
      // Not translated (only earlier tickets' identical lines, cached): the console shows it as written.
      const texts = (translated.body.translations as { text: string }[]).map((t) => t.text);
      expect(texts).not.toContain(problem);
    },
    async works({ ticketId, problem }) {
      const translated = await consoleCall('GET', `/api/console/tickets/${ticketId}/translations`);
      expect(translated.body.translations).toContainEqual({
        text: problem,
        translation: `[English] my printer ${tickets} prints not`,
      });
    },
  },
  'translation technician → user (console to Direct Line)': {
    async fallsBack({ chat, handoffId }) {
      const sent = await consoleCall('POST', `/api/console/handoffs/${handoffId}/messages`, {
        text: 'Please restart the printer',
      });
      expect(sent).toEqual({ status: 200, body: { sent: true } });
      // The reply as written, with no note about a translation that did not happen.
      expect((await chat.newBotMessages()).map((m) => m.text)).toEqual(['Please restart the printer']);
    },
    async works({ chat, handoffId }) {
      await consoleCall('POST', `/api/console/handoffs/${handoffId}/messages`, { text: 'Thanks' });
      expect((await chat.newBotMessages())[0]?.text).toMatch(/^\[German\] danke/);
    },
  },
  'article draft (console)': {
    async fallsBack({ ticketId }) {
      const draft = await consoleCall('POST', `/api/console/tickets/${ticketId}/article-draft`);
      expect(draft).toEqual({ status: 200, body: { files: null } });
    },
    async works({ ticketId }) {
      const draft = await consoleCall('POST', `/api/console/tickets/${ticketId}/article-draft`);
      expect(draft.body.files).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/\.de\.md$/) })]),
      );
    },
  },
};

const FAILURES: EndpointFailure[] = ['slow', 'status-500', 'malformed', 'refused'];
const CASES = Object.keys(FEATURES).flatMap((feature) =>
  FAILURES.map((failure) => [feature, failure] as const),
);

describe('language-model features when the endpoint misbehaves', () => {
  it.each(CASES)(
    '%s: falls back silently when the endpoint is %s',
    async (name, failure) => {
      const feature = FEATURES[name]!;
      const ticket = await claimedTicket();
      const before = server.chatRequests.length;
      await server.setFailure(failure);
      const started = Date.now();
      await feature.fallsBack(ticket);
      // The model was asked (refused connections never reach it) and nobody waited much past the timeout.
      if (failure !== 'refused') expect(server.chatRequests.length).toBeGreaterThan(before);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 4 + 2000);
      app.assertHealthy();
      await server.setFailure(undefined);
      await feature.works(ticket);
      app.assertHealthy();
    },
    30_000,
  );

  it('opens the circuit breaker after five failed calls, then closes it once the endpoint answers again', async () => {
    await server.setFailure('status-500');
    for (let i = 0; i < 5; i++) await groundedAnswer.fallsBack();
    // Open: the next question does not reach the endpoint at all, and still gets its answer.
    const calls = server.chatRequests.length;
    await groundedAnswer.fallsBack();
    expect(server.chatRequests.length).toBe(calls);
    // Still open 59 s later, even with the endpoint back.
    await server.setFailure(undefined);
    now = new Date(now.getTime() + 59_000);
    await groundedAnswer.fallsBack();
    expect(server.chatRequests.length).toBe(calls);
    // After a minute one trial call goes through; it succeeds, and the breaker is closed again.
    now = new Date(now.getTime() + 2_000);
    await groundedAnswer.works();
    await groundedAnswer.works();
    expect(server.chatRequests.length).toBe(calls + 2);
    app.assertHealthy();
  }, 60_000);
});
