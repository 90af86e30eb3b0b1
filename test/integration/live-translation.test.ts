import type { Technician } from '../../src/technicians';
import { translationInstructions } from '../../src/llm';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/openai-compatible-server';
import { ProductionApp, type ProductionChat } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';

/**
 * A technician who does not speak the user's language writes in their own; the user, on web chat
 * through Direct Line, reads the translation with the original below it.
 */
describe("live translation of a technician's replies", () => {
  let server: FakeOpenAiServer;
  let app: ProductionApp;

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    app = await ProductionApp.start({
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      OPENAI_API_KEY: 'sk-test-translate',
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_MODEL: 'fake-chat',
      LLM_TIMEOUT_MS: '1500',
    });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await server?.close();
  });

  const handoff = () => app.running.app.handoff!;

  async function technician(name: string, languages: Technician['languages']): Promise<Technician> {
    const { technician } = await handoff().technicians.create({ name, role: 'lead', languages });
    return technician;
  }

  /** A German web chat user handed over and claimed by `by`; resolves with the hand-over id. */
  async function claimedBy(chat: ProductionChat, by: Technician): Promise<string> {
    await chat.send('Mein Drucker druckt nicht');
    const asked = await chat.send('Ich möchte mit einem Menschen sprechen');
    if (!asked.some((reply) => /HD-\d+/.test(reply.text ?? ''))) await chat.send('ja');
    const owner = await handoff().queue.ownerOf(await chat.conversationId);
    if (!owner) throw new Error('no hand-over');
    const claimed = await handoff().desk.claim(owner.id, by);
    if (!claimed.ok) throw new Error('claim failed');
    await chat.newBotMessages();
    return owner.id;
  }

  it("translates the reply into the user's language and shows the original below it", async () => {
    const eve = await technician('Eve', ['en']);
    const chat = app.chat({ locale: 'de-DE' });
    const id = await claimedBy(chat, eve);
    await handoff().desk.sendToUser(id, eve, 'Please restart the printer');
    const [reply] = await chat.newBotMessages();
    expect(reply?.text).toBe(
      '[German] bitte neu starten the Drucker\n\n_Automatisch übersetzt. Der ursprüngliche Text:_\n\n> Please restart the printer',
    );
    expect(server.chatRequests.at(-1)?.messages[0]?.content).toBe(translationInstructions('en', 'de'));
    // The technician's own words are what the ticket's transcript keeps.
    const full = await handoff().desk.getTicket(
      (await handoff().queue.ownerOf(await chat.conversationId))!.ticketId,
    );
    expect(full?.transcript.map((e) => e.text)).toContain('Please restart the printer');
  });

  it('sends the reply as written when the model fails, and asks no model when the technician speaks the language', async () => {
    const eve = await technician('Eva', ['en']);
    const chat = app.chat({ locale: 'de-DE' });
    const id = await claimedBy(chat, eve);
    await handoff().desk.sendToUser(id, eve, 'Please restart it [[llm:status=500]]');
    expect((await chat.newBotMessages())[0]?.text).toBe('Please restart it [[llm:status=500]]');

    const dora = await technician('Dora', ['de', 'en']);
    const other = app.chat({ locale: 'de-DE' });
    const second = await claimedBy(other, dora);
    const calls = server.chatRequests.length;
    await handoff().desk.sendToUser(second, dora, 'Bitte starten Sie den Drucker neu');
    expect((await other.newBotMessages())[0]?.text).toBe('Bitte starten Sie den Drucker neu');
    expect(server.chatRequests.length).toBe(calls);
  });

  it("gives a technician who does not speak the user's language the user's messages translated, access-checked", async () => {
    const eve = await handoff().technicians.create({ name: 'Evelyn', role: 'lead', languages: ['en'] });
    const dora = await handoff().technicians.create({ name: 'Doro', role: 'lead', languages: ['de'] });
    const chat = app.chat({ locale: 'de-DE' });
    await claimedBy(chat, eve.technician);
    const { ticketId } = (await handoff().queue.ownerOf(await chat.conversationId))!;
    const get = async (path: string, token?: string) => {
      const res = await fetch(`${app.url}${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const path = `/api/console/tickets/${ticketId}/translations`;
    const forEve = await get(path, eve.token);
    expect(forEve.status).toBe(200);
    expect(forEve.body).toMatchObject({ from: 'de', to: 'en' });
    expect(forEve.body.translations).toContainEqual({
      text: 'Mein Drucker druckt nicht',
      translation: '[English] my printer prints not',
    });
    // A technician who speaks German reads the original; no translation is made for them.
    expect((await get(path, dora.token)).body).toEqual({ from: 'de', to: 'de', translations: [] });
    expect((await get(path)).status).toBe(401);
    expect((await get('/api/console/tickets/no-such-ticket/translations', eve.token)).status).toBe(404);
    expect((await get(`${path}?lang=xx`, eve.token)).status).toBe(400);
  });
});
