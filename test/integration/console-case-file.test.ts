import type { AppHandoff } from '../../src/handoff';
import { startApp, type RunningApp } from '../helpers/in-process-app';

/**
 * What the console API gives a technician to read, through the real app: the steps a ticket
 * lists as tried carry their titles (not flow/article ids), and the article search answers in
 * the ticket's language.
 */
describe('console API: case file and article search for technicians', () => {
  let running: RunningApp;
  let handoff: AppHandoff;
  let token: string;

  beforeAll(async () => {
    running = await startApp();
    handoff = running.app.handoff!;
    ({ token } = await handoff.technicians.create({
      name: 'Ada Tech',
      role: 'lead',
      languages: ['en', 'de'],
    }));
  });
  afterAll(() => running.stop());

  async function get<T>(url: string): Promise<T> {
    const res = await fetch(`${running.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  it('titles the steps tried from the flow and the article', async () => {
    const at = new Date().toISOString();
    const { ticket } = await handoff.queue.request({
      reference: {
        conversation: { id: 'case-file-steps' } as never,
        channelId: 'test',
        serviceUrl: 'http://127.0.0.1:1',
      },
      user: { id: 'u-case' },
      language: 'en',
      channelId: 'test',
      reason: 'user-asked',
      category: 'email',
      caseFile: {
        problem: 'Outlook crashes on start',
        descriptions: ['Outlook crashes on start'],
        language: 'en',
        facts: { os: 'windows-11' },
        suggestions: [],
        steps: [{ articleId: 'vpn-cannot-connect', step: 2, result: 'failed', at }],
        flowSteps: [{ flowId: 'outlook-troubleshooting', nodeId: 'safe-mode', result: 'failed', at }],
        consecutiveMisses: 0,
        openedAt: at,
        updatedAt: at,
      },
    });
    const view = await get<{ ticket: { stepsTried: { ref: string; step: string; title?: string }[] } }>(
      `/api/console/tickets/${encodeURIComponent(ticket.id)}`,
    );
    expect(view.ticket.stepsTried.map((s) => [s.ref, s.step, s.title])).toEqual([
      ['vpn-cannot-connect', '2', 'Fully restart the VPN client'],
      ['outlook-troubleshooting', 'safe-mode', 'Start Outlook in safe mode to rule out add-ins'],
    ]);
    // The stored ticket keeps the ids; its summary (also on the Teams card) names the steps.
    const stored = await handoff.tickets.get(ticket.id);
    expect(stored?.stepsTried.every((s) => !('title' in s))).toBe(true);
    expect(stored?.summary).toContain(
      "Tried: Fully restart the VPN client (didn't help); Start Outlook in safe mode to rule out add-ins (didn't help)",
    );
  });

  it("finds articles in the ticket's language first, whatever language the search words are in", async () => {
    type Results = { results: { id: string; title: string; language: string }[] };
    const german = await get<Results>('/api/console/articles?q=VPN%20verbindet%20nicht&lang=en');
    expect(german.results.length).toBeGreaterThan(0);
    expect(german.results.every((r) => r.language === 'en')).toBe(true);
    expect(german.results.map((r) => r.title)).toContain(
      "VPN won't connect or internal resources don't work over VPN",
    );
    const english = await get<Results>("/api/console/articles?q=vpn%20won't%20connect&lang=de");
    expect(english.results[0]).toMatchObject({
      id: 'vpn-cannot-connect',
      language: 'de',
      title: 'VPN verbindet nicht oder interne Dienste gehen über VPN nicht',
    });
    expect(english.results.every((r) => r.language === 'de')).toBe(true);
    // The three best, then only what the matcher finds likely: no printer article for "vpn".
    type Scored = { results: { title: string; confidence: number }[] };
    const vpn = await get<Scored>('/api/console/articles?q=vpn&lang=en');
    expect(vpn.results[0]?.title).toBe("VPN won't connect or internal resources don't work over VPN");
    expect(vpn.results.slice(3).every((r) => r.confidence >= 0.01)).toBe(true);
    expect(vpn.results.map((r) => r.title).join('\n')).not.toMatch(/Printer not printing/);
    // A word several articles share keeps them all.
    const outlook = await get<Scored>('/api/console/articles?q=outlook&lang=en');
    expect(outlook.results.length).toBeGreaterThanOrEqual(4);
  });
});
