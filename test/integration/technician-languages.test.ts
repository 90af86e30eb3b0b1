import { signIn, type ConsoleSession } from '../helpers/console-session';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/openai-compatible-server';
import { ProductionApp, type ProductionChat } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';

/**
 * Technicians set their languages in the console (kept on their record on the server); live
 * translation follows them, and the ticket keeps the language pair it was used in.
 */
describe("technicians' languages and the ticket's language pair", () => {
  let server: FakeOpenAiServer;
  let app: ProductionApp;

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    app = await ProductionApp.start({
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      OPENAI_API_KEY: 'sk-test-languages',
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

  async function call(
    session: ConsoleSession | undefined,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-firstline-csrf': session.csrf } : {}),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function technician(name: string, languages: ('en' | 'de' | 'pl')[]) {
    const { token } = await handoff().technicians.create({ name, role: 'lead', languages });
    return { token, session: await signIn(app.url, token) };
  }

  /** A German web chat user handed over and claimed by the session's technician. */
  async function claimed(session: ConsoleSession): Promise<{ chat: ProductionChat; ticketId: string }> {
    const chat = app.chat({ locale: 'de-DE' });
    await chat.send('Mein Drucker druckt nicht');
    const asked = await chat.send('Ich möchte mit einem Menschen sprechen');
    if (!asked.some((reply) => /HD-\d+/.test(reply.text ?? ''))) await chat.send('ja');
    const owner = (await handoff().queue.ownerOf(await chat.conversationId))!;
    expect((await call(session, 'POST', `/api/console/handoffs/${owner.id}/claim`)).status).toBe(200);
    await chat.newBotMessages();
    return { chat, ticketId: owner.ticketId };
  }

  it('keeps the languages a technician sets on their record, and refuses bad ones with 400', async () => {
    const { token, session } = await technician('Lena Languages', ['pl']);
    const path = '/api/console/me/languages';
    expect((await call(undefined, 'PUT', path, { languages: ['en'] })).status).toBe(401);
    for (const bad of [{ languages: [] }, { languages: ['xx'] }, { languages: ['en', 'en'] }, {}])
      expect((await call(session, 'PUT', path, bad)).status).toBe(400);
    const set = await call(session, 'PUT', path, { languages: ['en', 'de'] });
    expect(set.status).toBe(200);
    expect(set.body.technician).toMatchObject({ languages: ['en', 'de'] });
    // Stored server-side: a new session, elsewhere, reads them back.
    const again = await signIn(app.url, token);
    expect((await call(again, 'GET', '/api/console/me')).body.technician).toMatchObject({
      languages: ['en', 'de'],
    });
  });

  it('translates by the languages set, both ways, and keeps the pair on the ticket', async () => {
    // She speaks German at first: nothing is translated and the ticket has no pair.
    const { session } = await technician('Tess Translated', ['de']);
    const { chat, ticketId } = await claimed(session);
    const translations = `/api/console/tickets/${ticketId}/translations`;
    expect((await call(session, 'GET', translations)).body).toEqual({
      from: 'de',
      to: 'de',
      translations: [],
    });
    const before = await call(session, 'GET', `/api/console/tickets/${ticketId}`);
    expect((before.body.ticket as Record<string, unknown>).translation).toBeUndefined();

    // Now English only: the user's German reaches her in English...
    expect((await call(session, 'PUT', '/api/console/me/languages', { languages: ['en'] })).status).toBe(200);
    const read = await call(session, 'GET', translations);
    expect(read.body).toMatchObject({ from: 'de', to: 'en' });
    expect(read.body.translations).toContainEqual({
      text: 'Mein Drucker druckt nicht',
      translation: '[English] my printer prints not',
    });
    // ... her English reaches the user in German, and the ticket shows the pair.
    const owner = (await handoff().queue.ownerOf(await chat.conversationId))!;
    await call(session, 'POST', `/api/console/handoffs/${owner.id}/messages`, { text: 'Thanks' });
    expect((await chat.newBotMessages())[0]?.text).toMatch(/^\[German\] danke/);
    const after = await call(session, 'GET', `/api/console/tickets/${ticketId}`);
    expect((after.body.ticket as Record<string, unknown>).translation).toEqual({
      user: 'de',
      technician: 'en',
    });
  });

  it('keeps the pair from a reply alone, when the technician never read a translation', async () => {
    const { session } = await technician('Rita Replies', ['en']);
    const { chat, ticketId } = await claimed(session);
    const owner = (await handoff().queue.ownerOf(await chat.conversationId))!;
    await call(session, 'POST', `/api/console/handoffs/${owner.id}/messages`, { text: 'Please restart' });
    expect((await chat.newBotMessages())[0]?.text).toMatch(/^\[German\] bitte neu starten/);
    const ticket = (await handoff().tickets.get(ticketId))!;
    expect(ticket.translation).toEqual({ user: 'de', technician: 'en' });
  });
});
