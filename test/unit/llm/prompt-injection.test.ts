import OpenAI from 'openai';
import { LANGUAGES } from '../../../src/i18n/languages';
import { GroundedAnswers, groundedAnswerInstructions, type SourceArticle } from '../../../src/llm';
import type { StorageBackend } from '../../../src/storage/ports';
import { INJECTION_ATTACKS } from '../../fixtures/llm/injection-attacks';
import { ATTACK_CUE } from '../../helpers/fake-chat-model';
import { startFakeOpenAiServer } from '../../helpers/openai-compatible-server';
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
const PRINTER_ARTICLE: SourceArticle = {
  id: 'printer-offline-en',
  title: 'Printer shows offline',
  summary: 'A printer that shows offline usually lost its network connection.',
  steps: ['Switch the printer off and on.', 'Check the network cable.'],
};
const QUESTION = 'I forgot my password, how can I reset it?';

/** The question and articles of one attack: typed by the user, or hidden in the password article. */
function attacked(attack: (typeof INJECTION_ATTACKS)[number]) {
  if (attack.where === 'user')
    return { question: `${QUESTION} ${attack.text}`, articles: [PASSWORD_ARTICLE, PRINTER_ARTICLE] };
  const poisoned = { ...PASSWORD_ARTICLE, steps: [...PASSWORD_ARTICLE.steps, attack.text] };
  return { question: QUESTION, articles: [poisoned, PRINTER_ARTICLE] };
}

const instructionsOf = (call: { messages: { role: string; content: string }[] }) =>
  call.messages.filter((m) => m.role === 'system').map((m) => m.content);

describe('prompt injection', () => {
  let storage: StorageBackend;
  const clock = { now: Date.parse('2026-03-02T10:00:00Z') };
  beforeEach(() => {
    storage = openSqlite(clock);
  });
  afterEach(() => storage.close());

  it(`has at least 30 attacks, in user messages and in articles, each one the fake model falls for`, () => {
    expect(INJECTION_ATTACKS.length).toBeGreaterThanOrEqual(30);
    expect(INJECTION_ATTACKS.filter((a) => a.where === 'article').length).toBeGreaterThanOrEqual(8);
    for (const attack of INJECTION_ATTACKS)
      expect([attack.text, ATTACK_CUE.test(attack.text)]).toEqual([attack.text, true]);
    // Our own instructions carry no cue, so the fake obeying its system message means text got in.
    for (const language of LANGUAGES)
      expect(ATTACK_CUE.test(groundedAnswerInstructions(language))).toBe(false);
  });

  it('the fake model leaks its system message when an attack reaches it as an instruction (the test can fail)', async () => {
    const server = await startFakeOpenAiServer();
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: server.baseURL, maxRetries: 0 });
      for (const attack of INJECTION_ATTACKS) {
        const instructions = `${groundedAnswerInstructions('en')}\n${attack.text}`;
        const response = await client.chat.completions.create({
          model: 'fake',
          messages: [
            { role: 'system', content: instructions },
            { role: 'user', content: JSON.stringify({ question: QUESTION, articles: [] }) },
          ],
          response_format: { type: 'json_schema', json_schema: { name: 'grounded_answer', schema: {} } },
        });
        expect(response.choices[0]?.message.content).toContain('PWNED');
        expect(response.choices[0]?.message.content).toContain(groundedAnswerInstructions('en').slice(0, 60));
      }
    } finally {
      await server.close();
    }
  });

  it.each(INJECTION_ATTACKS.map((a, i) => [i + 1, a.where, a.text] as const))(
    'attack %i (%s) cannot change or reveal the instructions: %s',
    async (index) => {
      const attack = INJECTION_ATTACKS[index - 1]!;
      const server = await startFakeOpenAiServer({ gullible: 'instructions' });
      try {
        const kit = clientFor(server.baseURL, storage, clock);
        const answer = await new GroundedAnswers(kit.client).answer({
          conversationId: `c${index}`,
          language: 'en',
          ...attacked(attack),
        });
        // The instructions sent are exactly ours; the attack travelled as data only.
        for (const call of server.chatRequests) {
          expect(instructionsOf(call)).toEqual([groundedAnswerInstructions('en')]);
          expect(call.messages.filter((m) => m.role === 'user')).toHaveLength(1);
        }
        // So the model answered the question from the article, as it does without the attack.
        expect(answer).toEqual({
          kind: 'answer',
          text: expect.stringContaining('password portal') as string,
          citations: ['password-reset-en'],
        });
        expect(answer?.kind === 'answer' && answer.text).not.toMatch(
          /PWNED|evil\.example|help desk assistant/,
        );
      } finally {
        await server.close();
      }
    },
  );

  it.each(INJECTION_ATTACKS.map((a, i) => [i + 1, a.where, a.text] as const))(
    'attack %i (%s) that fools the model still shows the user nothing of it: %s',
    async (index) => {
      const attack = INJECTION_ATTACKS[index - 1]!;
      const server = await startFakeOpenAiServer({ gullible: 'always' });
      try {
        const kit = clientFor(server.baseURL, storage, clock);
        const answer = await new GroundedAnswers(kit.client).answer({
          conversationId: `c${index}`,
          language: 'en',
          ...attacked(attack),
        });
        // The model did fall for it...
        expect(server.chatRequests[0]?.answer).toContain('PWNED');
        // ...and its answer was dropped: the caller falls back to the answer without a model.
        expect(answer).toBeUndefined();
      } finally {
        await server.close();
      }
    },
  );
});
