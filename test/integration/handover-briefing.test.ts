import path from 'node:path';
import { parseArticle } from '../../src/knowledge/articles/parse-article';
import { handoverSummaryInstructions } from '../../src/llm';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/openai-compatible-server';
import { ProductionApp, type ProductionChat } from '../helpers/production-chat';
import { alwaysOpenSupportFile } from '../helpers/support-hours';

/**
 * The language model's hand-over note in the technician's language, through the real app: a web
 * chat user on Direct Line is handed over, a technician reads the note from the console API.
 */
describe("hand-over note in the technician's language", () => {
  let server: FakeOpenAiServer;
  let app: ProductionApp;
  let lead: string;
  let other: string;

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
    app = await ProductionApp.start({
      SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
      OPENAI_API_KEY: 'sk-test-briefing',
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_MODEL: 'fake-chat',
      LLM_TIMEOUT_MS: '1500',
    });
    const technicians = app.running.app.handoff!.technicians;
    lead = (await technicians.create({ name: 'Lena Lead', role: 'lead', languages: ['de', 'en'] })).token;
    other = (
      await technicians.create({ name: 'Piotr', role: 'technician', skills: ['printers'], languages: ['pl'] })
    ).token;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await server?.close();
  });

  async function api(
    path: string,
    token?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${app.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** A user who describes a problem and asks for a person; resolves with the ticket's id. */
  async function handedOver(chat: ProductionChat, problem: string): Promise<string> {
    await chat.send(problem);
    const asked = await chat.send('I want to talk to a person');
    // "Is it about Outlook?" first, when the bot knows the topic.
    if (!asked.some((reply) => /HD-\d+/.test(reply.text ?? ''))) await chat.send('yes');
    const owner = await app.running.app.handoff!.queue.ownerOf(await chat.conversationId);
    if (!owner) throw new Error('no hand-over was opened');
    return owner.ticketId;
  }

  it("writes at most five lines in the technician's first language, from the case and the conversation", async () => {
    const ticketId = await handedOver(
      app.chat({ locale: 'en-US' }),
      'Outlook crashes every time I open it, this is useless!',
    );
    const before = server.chatRequests.length;
    const note = await api(`/api/console/tickets/${ticketId}/briefing`, lead);
    expect(note.status).toBe(200);
    expect(note.body.language).toBe('de');
    const lines = note.body.lines as string[];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(lines[0]).toMatch(/^Problem: .*Outlook crashes/);
    expect(lines).toContain('Stimmung: verärgert');
    const call = server.chatRequests.at(-1)!;
    expect(call.messages[0]).toEqual({ role: 'system', content: handoverSummaryInstructions('de') });
    // Reading it again does not call the model again; another language does.
    expect((await api(`/api/console/tickets/${ticketId}/briefing`, lead)).body.lines).toEqual(lines);
    expect(server.chatRequests.length - before).toBe(1);
    const polish = await api(`/api/console/tickets/${ticketId}/briefing?lang=pl`, lead);
    expect(polish.body).toMatchObject({
      language: 'pl',
      lines: expect.arrayContaining(['Nastrój: sfrustrowany']) as string[],
    });
  });

  it('gives no note, and no error, when the model fails: the structured summary stands', async () => {
    const ticketId = await handedOver(
      app.chat({ locale: 'en-US' }),
      'Outlook crashes on start [[llm:status=500]]',
    );
    const note = await api(`/api/console/tickets/${ticketId}/briefing`, lead);
    expect(note).toEqual({ status: 200, body: { language: 'de', lines: null } });
    const ticket = await api(`/api/console/tickets/${ticketId}`, lead);
    expect(JSON.stringify(ticket.body)).toContain('Problem: Outlook crashes on start');
  });

  it('is access-checked: 401 without credentials, 404 for a ticket the caller may not see or that does not exist, 400 for a bad language', async () => {
    const ticketId = await handedOver(
      app.chat({ locale: 'en-US' }),
      'Outlook crashes when I open a calendar',
    );
    expect((await api(`/api/console/tickets/${ticketId}/briefing`)).status).toBe(401);
    expect((await api(`/api/console/tickets/${ticketId}/briefing`, other)).status).toBe(404);
    expect((await api('/api/console/tickets/no-such-ticket/briefing', lead)).status).toBe(404);
    expect((await api(`/api/console/tickets/${ticketId}/briefing?lang=xx`, lead)).status).toBe(400);
    const openApi = await api('/api/openapi.json');
    expect(JSON.stringify(openApi.body)).toContain('getHandoverBriefing');
  });

  it('drafts a knowledge article from a ticket for a lead, in the content format and four languages', async () => {
    const ticketId = await handedOver(
      app.chat({ locale: 'en-US' }),
      'Outlook crashes when I open shared calendars',
    );
    const post = (token?: string) =>
      fetch(`${app.url}/api/console/tickets/${ticketId}/article-draft`, {
        method: 'POST',
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const res = await post(lead);
    expect(res.status).toBe(200);
    const { files } = (await res.json()) as { files: { path: string; content: string }[] };
    expect(files.map((f) => f.path.replace(/^content\/kb\/[^/]+\//, ''))).toEqual(
      ['en', 'de', 'pl', 'ro'].map((l) => `outlook-crashes-when-i-open.${l}.md`),
    );
    for (const file of files) {
      const parsed = parseArticle(path.basename(file.path), file.content, {});
      expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(parsed.article?.examples.length).toBeGreaterThanOrEqual(8);
    }
    expect((await post(other)).status).toBe(403);
    expect((await post()).status).toBe(401);
  });
});
