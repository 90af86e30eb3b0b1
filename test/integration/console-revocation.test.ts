import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run as techniciansCli } from '../../src/cli/commands/technicians';
import type { AppHandoff, Handoff } from '../../src/handoff';
import { msUntilEnded, openFeed, signIn, statusWithCookie } from '../helpers/console-session';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import type { SseReader } from '../unit/console/sse-reader';

/**
 * Issue 12, finding 2: revoking a token, disabling a technician, ending their sessions or changing
 * their role must reach sessions and open live feeds at once, through the real app: the old cookie
 * gets 401 on its next request and an open event stream ends within 5 s.
 */
const ALWAYS_OPEN = `timeZone: UTC
queues: { printer: { skills: [workplace] } }
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;
const STREAM_END_LIMIT_MS = 5000;

async function call(
  url: string,
  token: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Runs `firstline technicians ...` in this process against the app's data directory. */
async function cli(app: RunningApp, args: string[]): Promise<number> {
  const saved = { ...process.env };
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATA_DIR: app.dataDir,
    LOG_LEVEL: 'silent',
    MONGODB_URI: '',
  });
  try {
    return await techniciansCli(args);
  } finally {
    process.env = saved;
    log.mockRestore();
  }
}

describe('revoking access reaches sessions and open live feeds (real server, real SSE client)', () => {
  let running: RunningApp;
  let handoff: AppHandoff;
  let adminToken: string;
  const feeds: SseReader[] = [];

  beforeAll(async () => {
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, ALWAYS_OPEN);
    running = await startApp({ SUPPORT_CONFIG_FILE: support });
    handoff = running.app.handoff!;
    adminToken = (await handoff.technicians.create({ name: 'Root', role: 'admin' })).token;
  });
  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((f) => f.close()));
  });
  afterAll(() => running.stop());

  const addTechnician = async (name: string, role: 'technician' | 'lead' = 'technician') =>
    handoff.technicians.create({
      name,
      role,
      skills: ['workplace'],
      languages: ['en'],
      availability: 'online',
    });
  const feed = async (session: Awaited<ReturnType<typeof signIn>>, after = 0) => {
    const opened = await openFeed(running.url, session, after);
    feeds.push(opened);
    expect(opened.status).toBe(200);
    return opened;
  };

  it('token rotation: the old cookie session gets 401 and its open stream ends within 5 s', async () => {
    const { technician, token } = await addTechnician('Rita');
    const session = await signIn(running.url, token);
    const stream = await feed(session);
    expect(await statusWithCookie(running.url, '/api/console/me', session)).toBe(200);

    const rotated = await call(
      `${running.url}/api/console/technicians/${technician.id}/token`,
      adminToken,
      'POST',
    );
    expect(rotated.status).toBe(200);
    const at = Date.now();
    expect(await statusWithCookie(running.url, '/api/console/me', session)).toBe(401);
    expect(await msUntilEnded(stream, at, STREAM_END_LIMIT_MS)).toBeLessThan(STREAM_END_LIMIT_MS);
    // The old token is refused; the new one signs in.
    expect((await call(`${running.url}/api/console/me`, token, 'GET')).status).toBe(401);
    await signIn(running.url, String(rotated.body.token));
  });

  it('disabling from the CLI: cookie, token and stream stop; enabling lets the token in again', async () => {
    const { technician, token } = await addTechnician('Dora');
    const session = await signIn(running.url, token);
    const stream = await feed(session);

    expect(await cli(running, ['disable', technician.id])).toBe(0);
    const at = Date.now();
    expect(await statusWithCookie(running.url, '/api/console/me', session)).toBe(401);
    expect((await call(`${running.url}/api/console/me`, token, 'GET')).status).toBe(401);
    const login = await fetch(`${running.url}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect([login.status, login.headers.get('set-cookie')]).toEqual([401, null]);
    expect(await msUntilEnded(stream, at, STREAM_END_LIMIT_MS)).toBeLessThan(STREAM_END_LIMIT_MS);

    expect(await cli(running, ['enable', technician.id])).toBe(0);
    expect((await call(`${running.url}/api/console/me`, token, 'GET')).status).toBe(200);
    // The session ended for good: enabling does not bring old cookies back.
    expect(await statusWithCookie(running.url, '/api/console/me', session)).toBe(401);
  });

  it('disabling through the API (a lead) and ending sessions: 401 for the cookie, the stream ends', async () => {
    const lead = await addTechnician('Lena', 'lead');
    const { technician: dan, token } = await addTechnician('Dan');
    const first = await signIn(running.url, token);
    const stream = await feed(first);

    // End sessions: the cookie and its stream stop, the API token keeps working.
    const ended = await call(
      `${running.url}/api/console/technicians/${dan.id}/sessions`,
      lead.token,
      'DELETE',
    );
    expect(ended).toMatchObject({ status: 200, body: { sessionsEnded: 1 } });
    const at = Date.now();
    expect(await statusWithCookie(running.url, '/api/console/me', first)).toBe(401);
    expect(await msUntilEnded(stream, at, STREAM_END_LIMIT_MS)).toBeLessThan(STREAM_END_LIMIT_MS);
    expect((await call(`${running.url}/api/console/me`, token, 'GET')).status).toBe(200);

    const second = await signIn(running.url, token);
    const secondStream = await feed(second);
    const disabled = await call(
      `${running.url}/api/console/technicians/${dan.id}/status`,
      lead.token,
      'PUT',
      {
        status: 'disabled',
      },
    );
    expect(disabled).toMatchObject({ status: 200, body: { technician: { status: 'disabled' } } });
    const disabledAt = Date.now();
    expect(await statusWithCookie(running.url, '/api/console/me', second)).toBe(401);
    expect(await msUntilEnded(secondStream, disabledAt, STREAM_END_LIMIT_MS)).toBeLessThan(
      STREAM_END_LIMIT_MS,
    );

    // A lead cannot lock out an admin, a technician cannot disable anyone, nobody disables themselves.
    const root = (await handoff.technicians.list()).find((t) => t.name === 'Root')!;
    const path = (id: string) => `${running.url}/api/console/technicians/${id}/status`;
    expect((await call(path(root.id), lead.token, 'PUT', { status: 'disabled' })).status).toBe(403);
    expect((await call(path(lead.technician.id), token, 'PUT', { status: 'disabled' })).status).toBe(401);
    expect((await call(path(lead.technician.id), lead.token, 'PUT', { status: 'disabled' })).status).toBe(
      400,
    );
  });

  it("a demoted lead's open stream ends and no longer carries another technician's notes", async () => {
    const lena = await addTechnician('Lena Lead', 'lead');
    const tom = await addTechnician('Tom');
    const handover = await queueHandoff();
    const leadSession = await signIn(running.url, lena.token);
    const leadStream = await feed(leadSession);
    const base = `${running.url}/api/console/handoffs/${handover.id}`;
    expect((await call(`${base}/claim`, tom.token, 'POST')).status).toBe(200);
    expect((await call(base, tom.token, 'GET')).status).toBe(200);
    expect(
      (await call(`${running.url}/api/console/tickets/${handover.ticketId}`, tom.token, 'GET')).status,
    ).toBe(200);
    expect((await call(`${base}/notes`, tom.token, 'POST', { text: 'note before demotion' })).status).toBe(
      201,
    );
    // Nothing can be handed to a disabled technician.
    const xena = await addTechnician('Xena');
    await handoff.technicians.setStatus(xena.technician.id, 'disabled');
    const transfer = await call(`${base}/transfer`, tom.token, 'POST', { technicianId: xena.technician.id });
    expect(transfer).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
    // As a lead she sees Tom's notes.
    await leadStream.until((events) => events.some((e) => e.data.text === 'note before demotion'));

    const demoted = await call(
      `${running.url}/api/console/technicians/${lena.technician.id}/role`,
      adminToken,
      'PUT',
      {
        role: 'technician',
      },
    );
    expect(demoted.status).toBe(200);
    const at = Date.now();
    expect((await call(`${base}/notes`, tom.token, 'POST', { text: 'note after demotion' })).status).toBe(
      201,
    );
    expect(
      (await call(`${base}/resolve`, tom.token, 'POST', { note: 'Cleared the jam', category: 'printer' }))
        .status,
    ).toBe(200);
    expect(await msUntilEnded(leadStream, at, STREAM_END_LIMIT_MS)).toBeLessThan(STREAM_END_LIMIT_MS);
    expect(leadStream.events.map((e) => e.data.text)).not.toContain('note after demotion');

    // Her session lives on with her new role: a fresh stream replays what a technician may see
    // (the queue changes of a hand-over routed to her) and no notes. The resolution is the last
    // event, so once it arrived every earlier one has been filtered.
    const again = await feed(leadSession);
    await again.until((events) =>
      events.some((e) => e.data.type === 'handoff.resolved' && e.data.handoffId === handover.id),
    );
    expect(again.events.filter((e) => e.data.type === 'note')).toEqual([]);
  });

  it('audits every change above with who made it, and the views, without any token', async () => {
    const res = await fetch(`${running.url}/api/console/audit?limit=500`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const { entries } = JSON.parse(text) as {
      entries: { action: string; actorKind: string; actorName?: string; detail?: Record<string, unknown> }[];
    };
    const seen = (action: string, actor: string) =>
      entries.some((e) => e.action === action && (e.actorName ?? e.actorKind) === actor);
    expect({
      rotated: seen('technician.token-rotated', 'Root'),
      disabledByCli: seen('technician.disabled', 'cli'),
      enabledByCli: seen('technician.enabled', 'cli'),
      sessionsEnded: seen('technician.sessions-ended', 'Lena'),
      disabledByLead: seen('technician.disabled', 'Lena'),
      demoted: entries.some((e) => e.action === 'technician.role-changed' && e.detail?.to === 'technician'),
      handoffViewed: seen('handoff.viewed', 'Tom'),
      ticketViewed: seen('ticket.viewed', 'Tom'),
      signIns: seen('auth.sign-in', 'Rita'),
    }).toEqual({
      rotated: true,
      disabledByCli: true,
      enabledByCli: true,
      sessionsEnded: true,
      disabledByLead: true,
      demoted: true,
      handoffViewed: true,
      ticketViewed: true,
      signIns: true,
    });
    expect(text).not.toMatch(/flt_|csrf|firstline_console/);
  });

  /** A web chat user asks for a person through the real bot; the queued hand-over. */
  async function queueHandoff(): Promise<Handoff> {
    const started = (await (
      await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST' })
    ).json()) as {
      conversationId: string;
      token: string;
    };
    const say = async (text: string) => {
      const res = await fetch(
        `${running.url}/v3/directline/conversations/${started.conversationId}/activities`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text, from: { id: 'ignored' } }),
        },
      );
      expect(res.status).toBe(200);
    };
    const waitForOwner = async (): Promise<Handoff | undefined> => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const owner = await handoff.queue.ownerOf(started.conversationId);
        if (owner || Date.now() > deadline) return owner;
        await sleep(50);
      }
    };
    await say('my printer on the 3rd floor is jammed');
    await say('I want to talk to a person');
    await say('yes');
    const owner = await waitForOwner();
    if (!owner) throw new Error('setup: no hand-over was queued');
    return owner;
  }
});
