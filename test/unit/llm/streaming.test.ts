import { GroundedAnswers, type SourceArticle } from '../../../src/llm';
import type { StorageBackend } from '../../../src/storage/ports';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/openai-compatible-server';
import { clientFor, openSqlite } from './llm-test-kit';

const PASSWORD_ARTICLE: SourceArticle = {
  id: 'password-reset-en',
  title: 'Reset your password',
  summary: 'You can reset a forgotten password yourself on the password portal.',
  steps: [
    'Open the password portal and choose "Forgot password".',
    'Confirm with the code sent to your phone.',
  ],
};
const QUESTION = 'I forgot my password, how can I reset it?';

/** Grounded answers are streamed: assembled from the chunks, and given up early when none begin. */
describe('streamed answers', () => {
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

  const ask = (kit: ReturnType<typeof clientFor>, question: string) =>
    new GroundedAnswers(kit.client).answerWithReport({
      conversationId: 'c1',
      question,
      language: 'en',
      articles: [PASSWORD_ARTICLE],
    });

  it('assembles the answer from the streamed chunks and counts the tokens the endpoint reports', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    const report = await ask(kit, QUESTION);
    expect(server.chatRequests).toHaveLength(1);
    expect(server.chatRequests[0]!.stream).toBe(true);
    // The fake's answer is longer than one chunk (16 characters), so it came in many pieces.
    expect(server.chatRequests[0]!.answer!.length).toBeGreaterThan(64);
    expect(report.answer).toEqual({
      kind: 'answer',
      text: expect.stringContaining('password portal') as string,
      citations: ['password-reset-en'],
    });
    // The usage chunk at the end of the stream (150 tokens), not the estimate made before the call.
    expect(await kit.budgets.spent('c1')).toEqual({ day: 150, conversation: 150 });
  });

  it('lets a model that has begun to answer use the whole timeout, beyond the first-token limit', async () => {
    const kit = clientFor(server.baseURL, storage, clock, { timeoutMs: 5000, firstTokenMs: 300 });
    const started = Date.now();
    const report = await ask(kit, `${QUESTION} [[llm:drip=60]]`);
    expect(Date.now() - started).toBeGreaterThan(300);
    expect(report.outcome).toBe('answered');
  });

  it('gives up at once, without retrying, on a model that does not begin within the first-token limit', async () => {
    const kit = clientFor(server.baseURL, storage, clock, { timeoutMs: 5000, firstTokenMs: 300 });
    const started = Date.now();
    const report = await ask(kit, `${QUESTION} [[llm:slow=4000]]`);
    expect(report).toEqual({ answer: undefined, outcome: 'failed' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.chatRequests).toHaveLength(1);
    expect(kit.sleeps).toEqual([]);
    expect(kit.breaker.state).toBe('closed'); // one failure of three
  });

  it('falls back when the stream is cut off halfway', async () => {
    const kit = clientFor(server.baseURL, storage, clock);
    const report = await ask(kit, `${QUESTION} [[llm:cut]]`);
    expect(report).toEqual({ answer: undefined, outcome: 'failed' });
    expect(server.chatRequests.length).toBeGreaterThanOrEqual(1);
  });

  it('gives up at the deadline on a model that writes too slowly', async () => {
    const kit = clientFor(server.baseURL, storage, clock, { timeoutMs: 600, firstTokenMs: 300 });
    const started = Date.now();
    const report = await ask(kit, `${QUESTION} [[llm:drip=200]]`);
    expect(report.outcome).toBe('failed');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
