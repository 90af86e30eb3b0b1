import type { Activity } from 'botbuilder';
import { groundedAnswerInstructions } from '../../src/llm';
import { INJECTION_ATTACKS } from '../fixtures/llm/injection-attacks';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/openai-compatible-server';
import { ProductionApp } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { buttons, cardOf, visible } from './chat-harness';

// The app exactly as createApp builds it, with a language model: the local OpenAI-compatible
// server, whose answers come from the articles it is given (test/helpers/fake-chat-model.ts).
let server: FakeOpenAiServer;
let app: ProductionApp;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  app = await ProductionApp.start({
    SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
    RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000',
    OPENAI_API_KEY: 'sk-test-grounded',
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_MODEL: 'fake-chat',
    LLM_TIMEOUT_MS: '1500',
  });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await server?.close();
});

const chat = (locale?: string) => app.chat({ locale });
const answerCard = (replies: Partial<Activity>[]) => replies.find((r) => cardOf(r));

describe('grounded answers when the matcher is unsure', () => {
  it.each([
    ['en-US', 'connection problem', /This answer comes from our guides/, 'None of these'],
    ['de-DE', 'Verbindung geht nicht', /Diese Antwort stammt aus unseren Anleitungen/, 'Nichts davon'],
    ['pl-PL', 'problem z połączeniem', /Ta odpowiedź pochodzi z naszych instrukcji/, 'Żadne z tych'],
    [
      'ro-RO',
      'problemă cu conexiunea',
      /Acest răspuns provine din ghidurile noastre/,
      'Niciuna dintre acestea',
    ],
  ])(
    '%s: answers from the top articles, cites them as buttons that start the walk-through',
    async (locale, question, sources, none) => {
      const user = chat(locale);
      const before = server.chatRequests.length;
      const replies = await user.send(question);
      // One call, with our instructions in the user's language and the articles as data.
      expect(server.chatRequests.length - before).toBe(1);
      const call = server.chatRequests.at(-1)!;
      // Streamed, so an endpoint that does not begin to answer is given up early.
      expect(call.stream).toBe(true);
      const language = locale.slice(0, 2) as 'en';
      expect(call.messages[0]).toEqual({ role: 'system', content: groundedAnswerInstructions(language) });
      const data = JSON.parse(call.messages[1]!.content) as {
        question: string;
        articles: { id: string; text: string }[];
      };
      expect(data.question).toBe(question);
      expect(data.articles.length).toBeGreaterThanOrEqual(2);
      // The answer (the cited article's own words, in the user's language), then the citations.
      const card = answerCard(replies)!;
      const cited = (JSON.parse(call.answer!) as { citations: string[] }).citations;
      const article = data.articles.find((a) => a.id === cited[0])!;
      expect(card.text).toContain(article.text.split('\n').filter(Boolean)[1]!.trim().slice(0, 30));
      expect(visible(replies)).toMatch(sources);
      const options = buttons(replies);
      expect(options.map((o) => o.value)).toEqual([`article:${cited[0]}`, 'none']);
      expect(options.at(-1)?.title).toBe(none);
      expect(options[0]!.title).toBe(article.text.split('\n')[0]);
      // A citation starts that article's walk-through.
      const walk = await user.click(options[0]!.value);
      expect(visible(walk)).toMatch(/1\/\d|Step 1|Schritt 1|Krok 1|Pasul 1/);
    },
  );

  it('"none of these" after an answer is the honest no-answer with a person offered', async () => {
    const user = chat('en-US');
    await user.send('connection problem');
    expect(visible(await user.click('none'))).toMatch(
      /don't have an answer for that yet[\s\S]*Talk to a person/,
    );
  });

  it('says it does not know, and offers a person, when the articles do not cover the question', async () => {
    const user = chat('en-US');
    const replies = await user.send('connection problem [[llm:notcovered]]');
    expect(server.chatRequests.at(-1)?.answer).toContain('"covered":false');
    expect(visible(replies)).toMatch(/don't have an answer for that yet[\s\S]*Talk to a person/);
    expect(visible(replies)).not.toMatch(/Which of these is closest/);
  });

  it('never asks the model when the matcher is confident: the walk-through stays the first choice', async () => {
    const user = chat('en-US');
    const before = server.chatRequests.length;
    const replies = await user.send('how do I reset my password');
    expect(server.chatRequests.length).toBe(before);
    expect(visible(replies)).not.toMatch(/This answer comes from our guides/);
  });

  it.each([
    ['failing', '[[llm:status=500]]'],
    ['slow', '[[llm:slow=5000]]'],
    ['returning malformed output', '[[llm:malformed]]'],
    ['down', '[[llm:down]]'],
    ['cut off halfway through its streamed answer', '[[llm:cut]]'],
    ['citing no given article', '[[llm:uncited]]'],
  ])('falls back silently to the behaviour without a model when the model is %s', async (_what, marker) => {
    // A good answer first: the failures before it do not add up to an open breaker.
    await chat('en-US').send('connection problem');
    const user = chat('en-US');
    const before = server.chatRequests.length;
    const replies = await user.send(`connection problem ${marker}`);
    expect(server.chatRequests.length).toBeGreaterThan(before);
    // What the bot says without a model: "which of these?", "is this about…?" or the honest no-answer.
    expect(visible(replies)).toMatch(
      /Which of these is closest\?|Is this about|don't have an answer for that yet/,
    );
    expect(visible(replies)).not.toMatch(/This answer comes from our guides|went wrong/i);
  });

  it.each(
    INJECTION_ATTACKS.filter((a) => a.where === 'user')
      .slice(0, 6)
      .map((a) => [a.text]),
  )('an injection in the message changes nothing the user sees: %s', async (attack) => {
    const user = chat('en-US');
    const replies = await user.send(`connection problem ${attack}`);
    const shown = visible(replies);
    expect(shown).not.toMatch(/PWNED|evil\.example|help desk assistant of this organisation/);
    expect(server.chatRequests.at(-1)?.messages[0]?.content).toBe(groundedAnswerInstructions('en'));
  });
});
