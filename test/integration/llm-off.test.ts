import path from 'node:path';
import { Catalogue } from '../../src/i18n';
import { LANGUAGES } from '../../src/i18n/languages';
import { LLM_BUDGETS_COLLECTION } from '../../src/llm';
import { visible } from '../dialogs/chat-harness';
import { signIn } from '../helpers/console-session';
import { modelWordingIn } from '../helpers/model-wording';
import { ProductionApp } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';

const catalogue = Catalogue.load(path.join(__dirname, '..', '..', 'content', 'i18n'));
/** The note under a translated message, in each language: never shown without a model. */
const TRANSLATED_NOTES = LANGUAGES.map((lang) => catalogue.t(lang, 'handoff.translatedOriginal'));

/** Without OPENAI_API_KEY and OPENAI_MODEL nothing mentions or calls a language model. */
describe('with no language model configured', () => {
  let app: ProductionApp;
  beforeAll(async () => {
    app = await ProductionApp.start({
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '10000',
      // An embeddings-only setup: the key alone turns no chat feature on.
      OPENAI_API_KEY: 'sk-embeddings-only',
      OPENAI_MODEL: '',
    });
  }, 120_000);
  afterAll(() => app?.stop());

  it('clarifies as before, offers no model routes, and spends no tokens', async () => {
    const chat = app.chat({ locale: 'en-US' });
    const replies = await chat.send('connection problem');
    expect(visible(replies)).toMatch(/Which of these is closest\?|Is this about/);
    expect(visible(replies)).not.toMatch(/guides|language model/i);
    const openApi = JSON.stringify(await (await fetch(`${app.url}/api/openapi.json`)).json());
    expect(openApi).not.toMatch(/getHandoverBriefing|getTranscriptTranslations|draftArticleFromTicket/);
    expect(modelWordingIn(openApi)).toBeUndefined();
    expect(await app.running.app.storage.collection(LLM_BUDGETS_COLLECTION).find()).toEqual([]);
  });

  it.each([
    ['en-US', ['connection problem', 'xyzzy plugh frobnicate', 'my printer does not print']],
    ['de-DE', ['Verbindung geht nicht', 'xyzzy plugh frobnicate', 'Mein Drucker druckt nicht']],
    ['pl-PL', ['problem z połączeniem', 'xyzzy plugh frobnicate', 'drukarka nie drukuje']],
    ['ro-RO', ['problemă cu conexiunea', 'xyzzy plugh frobnicate', 'imprimanta nu printează']],
  ])(
    '%s: nothing the bot says mentions a model (unsure, no answer, an answer)',
    async (locale, questions) => {
      for (const question of questions) {
        const shown = visible(await app.chat({ locale }).send(question));
        expect(shown).not.toBe('');
        expect(modelWordingIn(shown)).toBeUndefined();
      }
    },
  );

  it('hand-over: the reply goes as written, and the console API has no model routes or wording', async () => {
    const handoff = app.running.app.handoff!;
    const { token } = await handoff.technicians.create({ name: 'Eve', role: 'lead', languages: ['en'] });
    const session = await signIn(app.url, token);
    const headers = {
      cookie: session.cookie,
      'x-firstline-csrf': session.csrf,
      'content-type': 'application/json',
    };
    const chat = app.chat({ locale: 'de-DE' });
    const said = [
      ...(await chat.send('Mein Drucker druckt nicht')),
      ...(await chat.send('Ich möchte mit einem Menschen sprechen')),
    ];
    if (!said.some((reply) => /HD-\d+/.test(reply.text ?? ''))) said.push(...(await chat.send('ja')));
    const owner = (await handoff.queue.ownerOf(await chat.conversationId))!;
    const base = `${app.url}/api/console`;
    expect((await fetch(`${base}/handoffs/${owner.id}/claim`, { method: 'POST', headers })).status).toBe(200);
    const sent = await fetch(`${base}/handoffs/${owner.id}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'Please restart the printer' }),
    });
    expect(sent.status).toBe(200);
    said.push(...(await chat.newBotMessages()));
    expect(said.map((m) => m.text)).toContain('Please restart the printer');
    const chatText = visible(said);
    expect(modelWordingIn(chatText)).toBeUndefined();
    for (const note of TRANSLATED_NOTES) expect(chatText).not.toContain(note);

    // The model's routes do not exist; the ticket and the caller's record say nothing of one.
    for (const [method, route] of [
      ['GET', `/tickets/${owner.ticketId}/briefing`],
      ['GET', `/tickets/${owner.ticketId}/translations`],
      ['POST', `/tickets/${owner.ticketId}/article-draft`],
    ] as const)
      expect((await fetch(`${base}${route}`, { method, headers })).status).toBe(404);
    const ticket = (await (await fetch(`${base}/tickets/${owner.ticketId}`, { headers })).json()) as {
      ticket: Record<string, unknown>;
    };
    expect(ticket.ticket.translation).toBeUndefined();
    expect(modelWordingIn(JSON.stringify(ticket))).toBeUndefined();
    expect(
      modelWordingIn(JSON.stringify(await (await fetch(`${base}/me`, { headers })).json())),
    ).toBeUndefined();
  });
});
