import { GroundedAnswers, groundedAnswerInstructions, type SourceArticle } from '../../../src/llm';
import { createRedactor, defaultPolicy } from '../../../src/privacy';
import type { StorageBackend } from '../../../src/storage/ports';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/openai-compatible-server';
import { shippedContent } from '../../helpers/shipped-content';
import { clientFor, openSqlite, TEST_KEY } from './llm-test-kit';

const PASSWORD_ARTICLE: SourceArticle = {
  id: 'password-reset-en',
  title: 'Reset your password',
  summary: 'You can reset a forgotten password yourself on the password portal.',
  steps: [
    'Open the password portal and choose "Forgot password".',
    'Confirm with the code sent to your phone.',
  ],
};
const PRINTER_ARTICLE: SourceArticle = {
  id: 'printer-offline-en',
  title: 'Printer shows offline',
  summary: 'A printer that shows offline usually lost its network connection.',
  steps: ['Switch the printer off and on.', 'Check the network cable.'],
};
const ARTICLES = [PASSWORD_ARTICLE, PRINTER_ARTICLE];

describe('LlmClient against a local OpenAI-compatible server', () => {
  let server: FakeOpenAiServer;
  let storage: StorageBackend;
  const clock = { now: Date.parse('2026-03-02T10:00:00Z') };

  beforeEach(async () => {
    server = await startFakeOpenAiServer();
    storage = openSqlite(clock);
  });
  afterEach(async () => {
    await server.close();
    await storage.close();
  });

  const ask = (kit: ReturnType<typeof clientFor>, question: string, conversationId = 'c1') =>
    new GroundedAnswers(kit.client).answer({ conversationId, question, language: 'en', articles: ARTICLES });

  it('answers from the given articles with a citation, sending our instructions and the data apart', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    const answer = await ask(kit, 'I forgot my password, how can I reset it?');
    expect(answer).toEqual({
      kind: 'answer',
      text: expect.stringContaining('password portal') as string,
      citations: ['password-reset-en'],
    });
    const [call] = server.chatRequests;
    expect(call?.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(call?.schemaName).toBe('grounded_answer');
    expect(call?.messages[0]).toEqual({ role: 'system', content: groundedAnswerInstructions('en') });
    expect(JSON.parse(call!.messages[1]!.content)).toMatchObject({ question: expect.any(String) as string });
  });

  it('says the articles do not cover a question they do not answer', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    expect(await ask(kit, 'How do I book a meeting room in the canteen?')).toEqual({ kind: 'notCovered' });
  });

  it('redacts every text before it leaves the process', async () => {
    const redactor = createRedactor(shippedContent().privacy, defaultPolicy());
    const kit = clientFor(server.baseURL, storage, clock, { redact: (t) => redactor.redact(t).text });
    await ask(kit, 'my password is Tr0ub4dor&3x and I cannot reset my password');
    const sent = JSON.stringify(server.chatRequests);
    expect(sent).not.toContain('Tr0ub4dor&3x');
    expect(sent).toContain('removed');
  });

  it('retries 5xx answers with doubling backoff, then falls back', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    expect(await ask(kit, 'reset my password [[llm:status=503]]')).toBeUndefined();
    expect(server.chatRequests).toHaveLength(3);
    expect(kit.sleeps).toEqual([250, 500]);
  });

  it('does not retry a request the endpoint refuses (400, 401)', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    expect(await ask(kit, 'reset my password [[llm:status=401]]')).toBeUndefined();
    expect(server.chatRequests).toHaveLength(1);
  });

  it('retries malformed output and an endpoint that hangs up, then falls back', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    expect(await ask(kit, 'reset my password [[llm:malformed]]')).toBeUndefined();
    expect(server.chatRequests).toHaveLength(3);
    expect(await ask(kit, 'reset my password [[llm:down]]', 'c2')).toBeUndefined();
    expect(server.chatRequests).toHaveLength(6);
  });

  it('gives up on a slow model at the deadline', async () => {
    const kit = clientFor(server.baseURL, storage, clock, { timeoutMs: 300 });
    const started = Date.now();
    expect(await ask(kit, 'reset my password [[llm:slow=3000]]')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('drops answers that cite no given article or stray from what they cite', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    expect(await ask(kit, 'reset my password [[llm:uncited]]')).toBeUndefined();
    expect(await ask(kit, 'reset my password [[llm:offtopic]]', 'c2')).toBeUndefined();
  });

  it('opens the circuit after repeated failures, refuses without calling, and closes after a good trial', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    for (let i = 0; i < 3; i++) await ask(kit, `reset my password [[llm:status=401]] ${i}`);
    expect(kit.breaker.state).toBe('open');
    const calls = server.chatRequests.length;
    expect(await ask(kit, 'I forgot my password, how can I reset it?')).toBeUndefined();
    expect(server.chatRequests).toHaveLength(calls);
    clock.now += 60_000;
    expect(kit.breaker.state).toBe('half-open');
    expect(await ask(kit, 'I forgot my password, how can I reset it?')).toMatchObject({ kind: 'answer' });
    expect(kit.breaker.state).toBe('closed');
  });

  it('keeps a conversation and the day within their token budgets, shared by every instance', async () => {
    // Each call reserves its estimate (prompt/4 + 600 output tokens, ~950) and settles the 150 used.
    const limits = { perConversation: 1500, perDay: 2500 };
    const one = clientFor(server.baseURL, storage, clock, { limits });
    const other = clientFor(server.baseURL, storage, clock, { limits });
    expect(await ask(one, 'I forgot my password, how can I reset it?', 'a')).toMatchObject({
      kind: 'answer',
    });
    expect(await one.budgets.spent('a')).toEqual({ day: 150, conversation: 150 });
    // Another instance sees the same counts.
    expect(await other.budgets.spent('a')).toEqual({ day: 150, conversation: 150 });
    const before = server.chatRequests.length;
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await ask(other, 'I forgot my password, how can I reset it?', 'a'));
    const sent = server.chatRequests.length - before;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(6);
    expect(answers.slice(sent)).toEqual(new Array(6 - sent).fill(undefined));
    expect((await other.budgets.spent('a')).conversation).toBeLessThanOrEqual(limits.perConversation);
    // The day's budget stops other conversations too, and never goes over.
    const refusedBefore = server.chatRequests.length;
    for (const conversation of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'])
      await ask(one, 'I forgot my password, how can I reset it?', conversation);
    expect(server.chatRequests.length - refusedBefore).toBeLessThan(9);
    expect((await one.budgets.spent()).day).toBeLessThanOrEqual(limits.perDay);
    // A new day starts afresh.
    clock.now += 24 * 3600_000;
    expect(await ask(one, 'I forgot my password, how can I reset it?', 'k')).toMatchObject({
      kind: 'answer',
    });
  });

  it('never logs the key', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    await ask(kit, 'reset my password [[llm:status=401]]');
    await ask(kit, 'reset my password [[llm:status=503]]', 'c2');
    expect(kit.lines.length).toBeGreaterThan(0);
    expect(kit.lines.join('\n')).not.toContain(TEST_KEY);
    expect(kit.lines.join('\n')).not.toContain(TEST_KEY.slice(3, 15));
  });
});
