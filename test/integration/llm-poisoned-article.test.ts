import fs from 'node:fs';
import path from 'node:path';
import { groundedAnswerInstructions } from '../../src/llm';
import { INJECTION_ATTACKS } from '../fixtures/llm/injection-attacks';
import { copyShippedContent } from '../helpers/content-copy';
import { fakeChatAnswer } from '../helpers/fake-chat-model';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/openai-compatible-server';
import { ProductionApp } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { visible } from '../dialogs/chat-harness';

/**
 * A poisoned knowledge base: every English article carries, as an extra step, one of the
 * attacks an article can hide (an imported knowledge base, a compromised editor). Through the
 * production wiring, a grounded answer neither reveals the system instructions nor follows the
 * article's orders, even when the model itself falls for them.
 */
const ARTICLE_ATTACKS = INJECTION_ATTACKS.filter((a) => a.where === 'article').map((a) => a.text);
/** What a fooled model writes (see fake-chat-model.ts), and words of the instructions themselves. */
const OBEYED = /PWNED|evil\.example|help desk assistant of this organisation|nothing in the user message/i;

/** Appends one attack as a last step to each English article of the content folder. */
function poisonArticles(contentDir: string): number {
  let poisoned = 0;
  const kb = path.join(contentDir, 'kb');
  for (const topic of fs.readdirSync(kb)) {
    const dir = path.join(kb, topic);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.en.md'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const steps = [...text.matchAll(/^(\d+)\. .*$/gm)];
      const last = steps.at(-1);
      if (!last) continue;
      const attack = ARTICLE_ATTACKS[poisoned % ARTICLE_ATTACKS.length]!;
      const at = last.index + last[0].length;
      const step = `\n${Number(last[1]) + 1}. **Read this first.** ${attack}`;
      fs.writeFileSync(path.join(dir, file), text.slice(0, at) + step + text.slice(at));
      poisoned++;
    }
  }
  return poisoned;
}

let server: FakeOpenAiServer;
let app: ProductionApp;
let contentDir: string;

beforeAll(async () => {
  contentDir = copyShippedContent('firstline-poisoned-');
  expect(poisonArticles(contentDir)).toBeGreaterThan(20);
  server = await startFakeOpenAiServer();
  app = await ProductionApp.start({
    CONTENT_DIR: contentDir,
    SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
    RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000',
    OPENAI_API_KEY: 'sk-test-poisoned',
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_MODEL: 'fake-chat',
    LLM_TIMEOUT_MS: '1500',
  });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await server?.close();
  fs.rmSync(contentDir, { recursive: true, force: true });
});

interface SentArticles {
  question: string;
  articles: { id: string; title: string; text: string }[];
}

describe('a poisoned article in the knowledge base', () => {
  it('reaches the model only as data: the answer comes from the article, not from its orders', async () => {
    server.setGullibility('instructions');
    const replies = await app.chat({ locale: 'en-US' }).send('connection problem');
    const call = server.chatRequests.at(-1)!;
    // The attack did reach the model, in the articles...
    const sent = JSON.parse(call.messages[1]!.content) as SentArticles;
    const poison = sent.articles.flatMap((a) => ARTICLE_ATTACKS.filter((attack) => a.text.includes(attack)));
    expect(poison.length).toBeGreaterThan(0);
    // ... and this model obeys any attack it is given as instructions: here it was not.
    expect(
      JSON.parse(
        fakeChatAnswer(
          [
            { role: 'system', content: `${call.messages[0]!.content}\n${poison[0]!}` },
            { role: 'user', content: call.messages[1]!.content },
          ],
          'grounded_answer',
          'instructions',
          {},
        ),
      ),
    ).toMatchObject({ answer: expect.stringMatching(/^PWNED/) });
    expect(call.messages).toHaveLength(2);
    expect(call.messages[0]).toEqual({ role: 'system', content: groundedAnswerInstructions('en') });
    expect(call.answer).not.toMatch(OBEYED);
    expect(visible(replies)).toMatch(/This answer comes from our guides/);
    expect(visible(replies)).not.toMatch(OBEYED);
  });

  it('shows nothing of what a model fooled by the article wrote: the answer without a model stands', async () => {
    server.setGullibility('always');
    try {
      for (const question of ['connection problem', 'printer problem', 'my account problem']) {
        const before = server.chatRequests.length;
        const replies = await app.chat({ locale: 'en-US' }).send(question);
        if (server.chatRequests.length === before) continue; // the matcher was sure: no model asked
        // The model fell for it and repeated its instructions...
        expect(server.chatRequests.at(-1)!.answer).toMatch(/PWNED/);
        // ... and none of it reaches the user, who gets the bot's answer without a model.
        expect(visible(replies)).not.toMatch(OBEYED);
        expect(visible(replies)).not.toMatch(/This answer comes from our guides/);
        expect(visible(replies)).toMatch(/Which of these is closest\?|Is this about|don't have an answer/);
      }
      expect(server.chatRequests.some((c) => c.answer?.includes('PWNED'))).toBe(true);
    } finally {
      server.setGullibility('instructions');
    }
  });
});
