import { api, startConsoleHarness, type ConsoleHarness } from '../unit/console/console-harness';
import { SseReader } from '../unit/console/sse-reader';

describe('console API: claim race, live feed, session cookie', () => {
  let h: ConsoleHarness;
  beforeAll(async () => {
    h = await startConsoleHarness();
  });
  afterAll(() => h.stop());

  it('lets exactly one of 50 concurrent HTTP claims win; the others get 409 naming the winner', async () => {
    const handoff = await h.queueHandoff();
    const techs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.addTechnician('technician', { name: `T${i}` })),
    );
    const results = await Promise.all(
      techs.map((t) => api(`${h.url}/api/console/handoffs/${handoff.id}/claim`, t.token, 'POST')),
    );
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    const winner = (won[0]!.body.handoff as { assignedTo: string }).assignedTo;
    const winnerName = techs.find((t) => t.technician.id === winner)!.technician.name;
    for (const r of lost) {
      expect(r.body).toMatchObject({
        error: { code: 'Conflict', message: `Already claimed by ${winnerName}.` },
        claimedBy: { id: winner, name: winnerName },
      });
    }
    expect((await h.handoffs.getHandoff(handoff.id))?.assignedTo).toBe(winner);
  });

  it('resumes the feed with Last-Event-ID without losing or repeating events', async () => {
    const lead = await h.addTechnician('lead');
    const headers = { authorization: `Bearer ${lead.token}` };
    const start = (await h.storage.events.list('console', 0, 100000)).at(-1)?.seq ?? 0;
    const first = await new SseReader(`${h.url}/api/console/events?after=${start}`, headers).open();
    expect(first.status).toBe(200);
    const emitted: number[] = [];
    const emit = async (n: number) => {
      for (let i = 0; i < n; i += 1)
        emitted.push(await h.queue.emit({ type: 'handoff.updated', handoffId: `x${i}` }));
    };
    await emit(10);
    await first.until((events) => events.length >= 3);
    await first.close(); // drop mid-stream
    const seen = first.events.map((e) => Number(e.id));
    const writing = emit(15); // events keep coming while nobody listens
    const second = await new SseReader(`${h.url}/api/console/events?after=0`, {
      ...headers,
      'last-event-id': String(seen.at(-1)), // wins over ?after
    }).open();
    await writing;
    await second.until((events) => Number(events.at(-1)?.id) === emitted.at(-1));
    await second.close();
    const all = [...seen, ...second.events.map((e) => Number(e.id))];
    expect(all).toEqual(emitted);
    expect(new Set(all).size).toBe(all.length);
    expect(second.events[0]?.data).toMatchObject({
      type: 'handoff.updated',
      seq: Number(second.events[0]?.id),
    });
  });

  it('shows a technician only what they may see; heartbeats keep the stream alive', async () => {
    const alice = await h.addTechnician('technician', { skills: ['network'] });
    const bob = await h.addTechnician('technician', { skills: ['printers'] });
    const start = (await h.storage.events.list('console', 0, 100000)).at(-1)?.seq ?? 0;
    const feed = (t: { token: string }) =>
      new SseReader(`${h.url}/api/console/events?after=${start}`, {
        authorization: `Bearer ${t.token}`,
      }).open();
    const [a, b] = await Promise.all([feed(alice), feed(bob)]);
    const handoff = await h.queueHandoff({ skills: ['network'] });
    const claim = await api(`${h.url}/api/console/handoffs/${handoff.id}/claim`, alice.token, 'POST');
    expect(claim.status).toBe(200);
    await api(`${h.url}/api/console/handoffs/${handoff.id}/messages`, alice.token, 'POST', {
      text: 'secret fix',
    });
    await a.until((events) => events.some((e) => e.data.type === 'message'));
    expect(a.events.map((e) => e.data.type)).toEqual(['handoff.queued', 'handoff.claimed', 'message']);
    // Bob reads the stream in order: once a later hand-over for his skill reaches him, every
    // earlier event has been filtered for him.
    const printers = await h.queueHandoff({ skills: ['printers'] });
    await b.until((events) => events.some((e) => e.data.handoffId === printers.id));
    expect(b.events.filter((e) => e.data.handoffId === handoff.id)).toEqual([]);
    await b.until(() => b.comments.includes(': ping'));
    await Promise.all([a.close(), b.close()]);
  });

  it('ends open streams on close() so shutdown is not held up', async () => {
    const t = await h.addTechnician('technician');
    const reader = await new SseReader(`${h.url}/api/console/events`, {
      authorization: `Bearer ${t.token}`,
    }).open();
    expect(h.console.feed.openStreams).toBeGreaterThan(0);
    h.console.feed.close();
    await reader.ended();
    expect(h.console.feed.openStreams).toBe(0);
  });

  it('signs in with a cookie session and requires the CSRF header for changes', async () => {
    const t = await h.addTechnician('technician', { skills: ['network'] });
    const login = await fetch(`${h.url}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: t.token }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^firstline_console=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    const { csrf } = (await login.json()) as { csrf: string };
    const cookie = setCookie.split(';')[0]!;
    const me = await api(`${h.url}/api/console/me`, undefined, 'GET', undefined, { cookie });
    expect(me).toMatchObject({ status: 200, body: { via: 'session', technician: { id: t.technician.id } } });
    const path = `${h.url}/api/console/me/availability`;
    const noCsrf = await api(path, undefined, 'PUT', { availability: 'away' }, { cookie });
    expect(noCsrf).toMatchObject({ status: 403, body: { error: { code: 'Forbidden' } } });
    const wrong = await api(
      path,
      undefined,
      'PUT',
      { availability: 'away' },
      { cookie, 'x-firstline-csrf': 'nope' },
    );
    expect(wrong.status).toBe(403);
    const ok = await api(
      path,
      undefined,
      'PUT',
      { availability: 'away' },
      { cookie, 'x-firstline-csrf': csrf },
    );
    expect(ok).toMatchObject({ status: 200, body: { technician: { availability: 'away' } } });
    // Sessions live in storage, not in this process.
    expect(await h.storage.collection('console_sessions').find({})).toHaveLength(1);
    const out = await api(
      `${h.url}/api/console/logout`,
      undefined,
      'POST',
      {},
      { cookie, 'x-firstline-csrf': csrf },
    );
    expect(out.status).toBe(204);
    expect((await api(`${h.url}/api/console/me`, undefined, 'GET', undefined, { cookie })).status).toBe(401);
    const bad = await api(`${h.url}/api/console/login`, undefined, 'POST', { token: 'flt_wrong' });
    expect(bad.status).toBe(401);
  });

  it('works a conversation end to end: note, article, canned replies, transfer, resolve', async () => {
    const t = await h.addTechnician('technician', { skills: ['network'] });
    const handoff = await h.queueHandoff({ skills: ['network'], language: 'de' });
    const base = `${h.url}/api/console/handoffs/${handoff.id}`;
    const queue = await api(`${h.url}/api/console/queue`, t.token, 'GET');
    expect((queue.body.entries as { handoff: { id: string } }[]).map((e) => e.handoff.id)).toContain(
      handoff.id,
    );
    expect((await api(`${base}/claim`, t.token, 'POST')).status).toBe(200);
    expect((await api(`${base}/notes`, t.token, 'POST', { text: 'internal' })).status).toBe(201);
    expect((await api(`${base}/typing`, t.token, 'POST')).status).toBe(204);
    const search = await api(`${h.url}/api/console/articles?q=vpn&lang=en`, t.token, 'GET');
    const first = (search.body.results as { id: string }[])[0];
    expect(first).toBeDefined();
    const sent = await api(`${base}/articles`, t.token, 'POST', { articleId: first!.id });
    expect(sent).toMatchObject({ status: 200, body: { sent: true, language: 'de' } });
    expect(String(h.sent.at(-1)?.activities[0]?.text)).toMatch(/\n1\. /);
    const canned = await api(`${h.url}/api/console/canned-replies?lang=pl`, t.token, 'GET');
    expect((canned.body.replies as { language: string }[]).every((r) => r.language === 'pl')).toBe(true);
    const all = await api(`${h.url}/api/console/canned-replies`, t.token, 'GET');
    expect(new Set((all.body.replies as { language: string }[]).map((r) => r.language))).toEqual(
      new Set(['en', 'de', 'pl', 'ro']),
    );
    const toQueue = await api(`${base}/transfer`, t.token, 'POST', { queue: { skills: ['network'] } });
    expect(toQueue).toMatchObject({ status: 200, body: { handoff: { state: 'queued' } } });
    expect((await api(`${base}/messages`, t.token, 'POST', { text: 'hi' })).status).toBe(404);
    expect((await api(`${base}/claim`, t.token, 'POST')).status).toBe(200);
    const resolved = await api(`${base}/resolve`, t.token, 'POST', { note: 'fixed', category: 'network' });
    expect(resolved).toMatchObject({ status: 200, body: { handoff: { state: 'resolved' } } });
    const again = await api(`${base}/hand-back`, t.token, 'POST');
    expect(again.status).toBe(409);
  });
});
