import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import type { AppHandoff } from '../../src/handoff';
import { silentLogger } from '../../src/logging';
import type { Technician } from '../../src/technicians';
import { api } from '../unit/console/console-harness';
import { signIn } from '../helpers/console-session';
import { FakeConnector, teamsPoster } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { mongoTestsEnabled, resolveMongoTarget, startMongoTarget } from '../helpers/mongo-target';

const ALWAYS_OPEN = `timeZone: UTC
queues: { software-request: { skills: [endpoint] } }
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;
const MINUTE = 60_000;

interface LoggedActivity {
  type: string;
  text?: string;
  from: { id: string; role?: string; name?: string };
}

/** A web chat user on the real app's Direct Line endpoint (HTTP polling, as Web Chat falls back to). */
class WebUser {
  private constructor(
    private readonly url: string,
    readonly conversationId: string,
    private readonly token: string,
  ) {}

  static async start(url: string): Promise<WebUser> {
    const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST' });
    const started = (await res.json()) as { conversationId: string; token: string };
    return new WebUser(url, started.conversationId, started.token);
  }

  async say(text: string): Promise<void> {
    const res = await fetch(`${this.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text, from: { id: 'ignored' } }),
    });
    expect(res.status).toBe(200);
  }

  /** What the client reads when it (re)connects from `watermark`. */
  async since(watermark = 0): Promise<{ activities: LoggedActivity[]; watermark: number }> {
    const res = await fetch(
      `${this.url}/v3/directline/conversations/${this.conversationId}/activities?watermark=${watermark}`,
      { headers: { authorization: `Bearer ${this.token}` } },
    );
    const body = (await res.json()) as { activities: LoggedActivity[]; watermark: string };
    return { activities: body.activities, watermark: Number(body.watermark) };
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const texts = (await this.since()).activities.map((a) => a.text ?? '');
      for (const text of texts) {
        const found = pattern.exec(text);
        if (found) return found;
      }
      if (Date.now() > deadline) throw new Error(`no message matched ${pattern}:\n${texts.join('\n')}`);
      await sleep(50);
    }
  }
}

interface TicketBody {
  id: string;
  number: string;
  status: string;
  assignee?: { id: string; name: string };
  [field: string]: unknown;
}

interface Backend {
  env: Record<string, string>;
  stop(): Promise<void>;
}

const sqlite = (): Promise<Backend> => Promise.resolve({ env: {}, stop: async () => undefined });

/** A database of its own on FerretDB (or MONGODB_URI), dropped afterwards. */
async function mongo(): Promise<Backend> {
  const server = await startMongoTarget(resolveMongoTarget());
  const db = `firstline_tickets_${randomBytes(4).toString('hex')}`;
  return {
    env: { MONGODB_URI: server.uri, MONGODB_DB: db },
    stop: async () => {
      const client = new MongoClient(server.uri);
      await client
        .db(db)
        .dropDatabase()
        .finally(() => client.close());
      await server.stop();
    },
  };
}

ticketApiSuite('SQLite', sqlite);
if (mongoTestsEnabled(resolveMongoTarget(), 'console ticket API (MongoDB)')) ticketApiSuite('MongoDB', mongo);

function ticketApiSuite(name: string, backend: () => Promise<Backend>): void {
  describe(`console ticket API through the real app (${name})`, () => {
    let store: Backend;
    let running: RunningApp;
    let handoff: AppHandoff;
    let now = Date.now();
    const connector = new FakeConnector();
    let serviceUrl = '';
    let ada: { technician: Technician; token: string };
    let ben: { technician: Technician; token: string };
    let lead: { technician: Technician; token: string };
    let flowTicket: TicketBody;
    let webUser: WebUser;

    const call = (token: string | undefined, method: string, route: string, body?: unknown) =>
      api(`${running.url}${route}`, token, method, body);
    const numbersOf = (body: Record<string, unknown>) => (body.tickets as TicketBody[]).map((t) => t.number);

    beforeAll(async () => {
      serviceUrl = await connector.start();
      const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
      fs.writeFileSync(support, ALWAYS_OPEN);
      // The web chat user comes back within their token's life (two hours here): the page reconnects
      // to the same conversation from its watermark, as Web Chat does.
      store = await backend();
      running = await startApp(
        { ...store.env, SUPPORT_CONFIG_FILE: support, DIRECTLINE_TOKEN_TTL_SECONDS: '7200' },
        silentLogger(),
        () => new Date(now),
      );
      handoff = running.app.handoff!;
      const create = (name: string, role: Technician['role'], skills: string[]) =>
        handoff.technicians.create({ name, role, skills, languages: ['en'], availability: 'online' });
      ada = await create('Ada Tech', 'technician', ['endpoint']);
      ben = await create('Ben Printers', 'technician', ['printers']);
      lead = await create('Lea Lead', 'lead', []);

      // A guided flow ends in a "ticket" outcome: no hand-over, the service desk takes it from there.
      webUser = await WebUser.start(running.url);
      for (const text of [
        'I need a program installed',
        'Visio Plan 2',
        'no',
        'For me',
        "To edit the team's process diagrams",
        'Windows laptop',
        'Dana Miller',
      ])
        await webUser.say(text);
      const [, number] = await webUser.waitFor(/opened ticket \*\*(HD-\d+)\*\*/);
      const got = await call(lead.token, 'GET', `/api/console/tickets/${number}`);
      expect(got.status).toBe(200);
      flowTicket = got.body.ticket as TicketBody;
      // Starting the app and the flow's seven turns take a while on a busy machine.
    }, 120_000);
    afterAll(async () => {
      await running?.stop();
      await connector.stop();
      await store?.stop();
    });

    it("leaves a flow's ticket new and unassigned, in the Unassigned view, found by a word of the problem", async () => {
      expect(flowTicket).toMatchObject({ status: 'new', skills: ['endpoint'] });
      expect(flowTicket.assignee).toBeUndefined();
      expect(flowTicket).not.toHaveProperty('upstream');
      const unassigned = await call(ada.token, 'GET', '/api/console/tickets?view=unassigned');
      expect(unassigned.status).toBe(200);
      expect(numbersOf(unassigned.body)).toContain(flowTicket.number);
      const found = await call(ada.token, 'GET', '/api/console/tickets?q=program&status=new,open');
      expect(numbersOf(found.body)).toEqual([flowTicket.number]);
      // By number and by id alike, with the conversation it came from.
      const byId = await call(ada.token, 'GET', `/api/console/tickets/${flowTicket.id}`);
      expect(byId.status).toBe(200);
      expect(byId.body).toMatchObject({
        ticket: { id: flowTicket.id, number: flowTicket.number },
        transcript: expect.arrayContaining([expect.objectContaining({ text: 'I need a program installed' })]),
        history: [expect.objectContaining({ change: 'created', to: 'new' })],
        replies: [],
        notes: [],
        rating: null,
        facts: expect.any(Object),
        files: [],
      });
    });

    it('assigns, replies in the live chat, keeps a note internal, pending → resolved, each in the history', async () => {
      const route = `/api/console/tickets/${flowTicket.number}`;
      const assigned = await call(ada.token, 'PATCH', route, { assigneeId: ada.technician.id });
      expect(assigned.body.ticket).toMatchObject({ status: 'open', assignee: { id: ada.technician.id } });
      expect(numbersOf((await call(ada.token, 'GET', '/api/console/tickets?view=my-open')).body)).toContain(
        flowTicket.number,
      );
      expect(
        numbersOf((await call(ada.token, 'GET', '/api/console/tickets?view=unassigned')).body),
      ).not.toContain(flowTicket.number);

      // The user wrote a minute ago: the reply appears in the chat they have open.
      const reply = await call(ada.token, 'POST', `${route}/replies`, {
        text: 'I will install Visio today.',
      });
      expect(reply).toMatchObject({
        status: 201,
        body: { reply: { delivery: 'live', text: 'I will install Visio today.' } },
      });
      await webUser.waitFor(/^I will install Visio today\.$/);
      const note = await call(ada.token, 'POST', `${route}/replies`, {
        text: 'Licence pool checked',
        internal: true,
      });
      expect(note).toMatchObject({ status: 201, body: { note: { text: 'Licence pool checked' } } });

      const pending = await call(ada.token, 'PATCH', route, {
        status: 'pending',
        why: 'Asked which edition',
      });
      expect(pending.body.ticket).toMatchObject({ status: 'pending' });
      expect(
        numbersOf((await call(ada.token, 'GET', '/api/console/tickets?view=waiting-for-user')).body),
      ).toContain(flowTicket.number);
      const resolved = await call(ada.token, 'PATCH', route, { status: 'resolved', why: 'Installed Visio' });
      expect(resolved.body.ticket).toMatchObject({ status: 'resolved', resolution: { by: 'Ada Tech' } });
      // Not a move the lifecycle has: a clear 409, nothing changed.
      const refused = await call(ada.token, 'PATCH', route, { status: 'new' });
      expect(refused).toMatchObject({
        status: 409,
        body: {
          error: { code: 'Conflict', message: expect.stringMatching(/resolved ticket cannot become new/) },
        },
      });

      const history = await call(ada.token, 'GET', `${route}/history`);
      expect(history.status).toBe(200);
      const lines = (
        history.body.history as {
          change: string;
          from?: string;
          to?: string;
          why?: string;
          by: { name: string };
        }[]
      ).map((h) => [h.change, h.from ?? '', h.to ?? '', h.why ?? '', h.by.name].join('|'));
      expect(lines).toEqual(
        expect.arrayContaining([
          'assignee||Ada Tech||Ada Tech',
          'status|new|open||Ada Tech',
          'status|open|pending|Asked which edition|Ada Tech',
          'status|pending|resolved||Ada Tech',
        ]),
      );
      expect(lines.filter((l) => l.startsWith('reply|') || l.startsWith('note|'))).toHaveLength(2);
      const full = await call(ada.token, 'GET', route);
      expect(full.body).toMatchObject({
        replies: [expect.objectContaining({ text: 'I will install Visio today.', delivery: 'live' })],
        notes: [expect.objectContaining({ text: 'Licence pool checked' })],
      });
      const seen = (await webUser.since()).activities.map((a) => a.text ?? '').join('\n');
      expect(seen).not.toContain('Licence pool checked');
    });

    it('answers 404 on every ticket route to a technician who may not see the ticket, by id and by number', async () => {
      const routes: [string, string, unknown?][] = [
        ['GET', ''],
        ['PATCH', '', { priority: 'high' }],
        ['POST', '/replies', { text: 'hello' }],
        ['POST', '/replies', { text: 'note', internal: true }],
        ['GET', '/history'],
        ['POST', '/merge', { intoTicketId: flowTicket.number }],
        ['POST', '/link', { parentId: null }],
      ];
      for (const ref of [flowTicket.id, flowTicket.number, flowTicket.number.toLowerCase()]) {
        for (const [method, suffix, body] of routes) {
          const res = await call(ben.token, method, `/api/console/tickets/${ref}${suffix}`, body);
          expect([method, suffix, res.status, res.body.error]).toEqual([
            method,
            suffix,
            404,
            { code: 'NotFound', message: 'No such ticket.' },
          ]);
          const unknown = await call(ada.token, method, `/api/console/tickets/HD-999999${suffix}`, body);
          expect([method, suffix, unknown.status]).toEqual([method, suffix, 404]);
          expect((await call(undefined, method, `/api/console/tickets/${ref}${suffix}`, body)).status).toBe(
            401,
          );
        }
      }
      // Nothing changed, and the list leaves it out too.
      const stored = await handoff.tickets.get(flowTicket.id);
      expect(stored?.priority).not.toBe('high');
      expect(numbersOf((await call(ben.token, 'GET', '/api/console/tickets')).body)).not.toContain(
        flowTicket.number,
      );
      // A cookie session without the CSRF header is refused (403) before anything is read.
      const session = await signIn(running.url, ada.token);
      const noCsrf = await fetch(`${running.url}/api/console/tickets/${flowTicket.id}`, {
        method: 'PATCH',
        headers: { cookie: session.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ priority: 'high' }),
      });
      expect(noCsrf.status).toBe(403);
    });

    it('answers bad input with 400 naming the parameter', async () => {
      const cases: [string, string, unknown, RegExp][] = [
        ['GET', '/api/console/tickets?status=bogus', undefined, /"status"/],
        ['GET', '/api/console/tickets?limit=0', undefined, /"limit"/],
        ['GET', '/api/console/tickets?sort=name', undefined, /"sort"/],
        ['GET', '/api/console/tickets?view=everything', undefined, /"view"/],
        ['GET', '/api/console/tickets?createdFrom=yesterday', undefined, /"createdFrom"/],
        ['GET', '/api/console/tickets?colour=red', undefined, /"colour"/],
        ['GET', '/api/console/tickets?cursor=not-a-cursor', undefined, /cursor/i],
        ['PATCH', `/api/console/tickets/${flowTicket.id}`, {}, /at least one/],
        ['PATCH', `/api/console/tickets/${flowTicket.id}`, { priority: 'extreme' }, /"priority"/],
        [
          'PATCH',
          `/api/console/tickets/${flowTicket.id}`,
          { assigneeId: 'nobody-by-that-id' },
          /"assigneeId"/,
        ],
        ['POST', `/api/console/tickets/${flowTicket.id}/replies`, { text: '   ' }, /"text"/],
        [
          'POST',
          `/api/console/tickets/${flowTicket.id}/merge`,
          { intoTicketId: 'HD-999999' },
          /"intoTicketId"/,
        ],
      ];
      for (const [method, route, body, message] of cases) {
        const res = await call(lead.token, method, route, body);
        expect([route, res.status, res.body.error]).toEqual([
          route,
          400,
          { code: 'BadArgument', message: expect.stringMatching(message) },
        ]);
      }
    });

    it('merges a duplicate and links a parent (by number), both in the histories', async () => {
      const other = await handoff.queue.openTicket({
        reference: { channelId: 'directline', conversation: { id: webUser.conversationId } as never },
        user: { id: 'dl_someone' },
        language: 'en',
        channelId: 'directline',
        category: 'software-request',
        priority: 'low',
        origin: 'test',
      });
      const parent = await handoff.queue.openTicket({
        reference: { channelId: 'directline', conversation: { id: webUser.conversationId } as never },
        user: { id: 'dl_someone' },
        language: 'en',
        channelId: 'directline',
        category: 'software-request',
        priority: 'high',
        origin: 'test',
      });
      const linked = await call(ada.token, 'POST', `/api/console/tickets/${other.number}/link`, {
        parentId: parent.number,
      });
      expect(linked.body.ticket).toMatchObject({ parentId: parent.id });
      const merged = await call(ada.token, 'POST', `/api/console/tickets/${other.number}/merge`, {
        intoTicketId: flowTicket.number,
      });
      expect(merged.body.ticket).toMatchObject({ status: 'closed', mergedInto: flowTicket.id });
      const view = await call(ada.token, 'GET', `/api/console/tickets/${other.id}`);
      expect(view.body.related).toEqual({ mergedInto: flowTicket.number, parent: parent.number });
      const into = await call(ada.token, 'GET', `/api/console/tickets/${flowTicket.id}/history`);
      expect(into.body.history).toEqual(
        expect.arrayContaining([expect.objectContaining({ change: 'merged', from: other.number })]),
      );
    });

    it('records a reply it could not deliver (the conversation is gone) as undelivered, and keeps it', async () => {
      const gone = await handoff.queue.openTicket({
        reference: { channelId: 'directline', conversation: { id: 'conversation-long-gone' } as never },
        user: { id: 'dl_gone' },
        language: 'en',
        channelId: 'directline',
        category: 'software-request',
        priority: 'normal',
        origin: 'test',
      });
      const reply = await call(ada.token, 'POST', `/api/console/tickets/${gone.number}/replies`, {
        text: 'Are you still there?',
      });
      expect(reply).toMatchObject({ status: 201, body: { reply: { delivery: 'undelivered' } } });
      expect((await handoff.tickets.get(gone.id))?.replies).toEqual([
        expect.objectContaining({ text: 'Are you still there?', delivery: 'undelivered' }),
      ]);
    });

    it('keeps a reply for a web chat user who has left, shown when their client reconnects', async () => {
      const { watermark } = await webUser.since();
      now += 31 * MINUTE;
      const reply = await call(ada.token, 'POST', `/api/console/tickets/${flowTicket.id}/replies`, {
        text: 'Visio is installed; sign out and in once.',
      });
      expect(reply).toMatchObject({ status: 201, body: { reply: { delivery: 'on-return' } } });
      const later = await webUser.since(watermark);
      expect(later.activities.map((a) => a.text)).toEqual([
        `The service desk answered about your ticket **${flowTicket.number}**:`,
        'Visio is installed; sign out and in once.',
      ]);
      expect(later.activities[1]?.from.name).toBe('Ada Tech');
      const stored = await handoff.tickets.get(flowTicket.id);
      expect(stored?.replies?.at(-1)).toMatchObject({
        delivery: 'on-return',
        by: { kind: 'technician', id: ada.technician.id },
      });
    });

    it('Teams: claim opens and assigns, hand-back leaves it unassigned and pending, a later reply is a proactive message', async () => {
      const conversation = { id: 'a:tickets-teams', conversationType: 'personal', tenantId: 'tenant-1' };
      const post = teamsPoster(running.url, serviceUrl, conversation);
      expect(await post('I need to speak to a technician')).toBe(200);
      expect(await post('I need to speak to a technician')).toBe(200);
      await connector.waitForMessages(3, conversation.id);
      const queued = await handoff.queue.ownerOf(conversation.id);
      expect(queued).toBeDefined();
      expect(await handoff.tickets.get(queued!.ticketId)).toMatchObject({ status: 'new' });

      const claimed = await call(ada.token, 'POST', `/api/console/handoffs/${queued!.id}/claim`);
      expect(claimed.status).toBe(200);
      expect(await handoff.tickets.get(queued!.ticketId)).toMatchObject({
        status: 'open',
        assignee: { id: ada.technician.id, name: 'Ada Tech' },
      });
      // A reply from the ticket page while the chat is live goes into it, and into the live view.
      const sent = connector.messages(conversation.id).length;
      const live = await call(ada.token, 'POST', `/api/console/tickets/${queued!.ticketNumber}/replies`, {
        text: 'Looking at it now.',
      });
      expect(live).toMatchObject({ status: 201, body: { reply: { delivery: 'live' } } });
      const inChat = await connector.waitForMessages(sent + 1, conversation.id);
      expect(inChat.slice(sent).map((r) => r.activity.text)).toEqual(['**Ada Tech:** Looking at it now.']);
      const events = (await running.app.storage.events.list('console', 0, 10_000)).map((e) => e.event);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'message', handoffId: queued!.id, text: 'Looking at it now.' }),
      );
      expect((await call(ada.token, 'POST', `/api/console/handoffs/${queued!.id}/hand-back`)).status).toBe(
        200,
      );
      const back = await handoff.tickets.get(queued!.ticketId);
      expect(back).toMatchObject({ status: 'pending' });
      expect(back?.assignee).toBeUndefined();
      expect(
        numbersOf((await call(lead.token, 'GET', '/api/console/tickets?view=unassigned')).body),
      ).toContain(back?.number);

      now += 31 * MINUTE;
      const before = connector.messages(conversation.id).length;
      const reply = await call(ada.token, 'POST', `/api/console/tickets/${back?.number}/replies`, {
        text: 'Your VPN profile is renewed.',
      });
      expect(reply).toMatchObject({ status: 201, body: { reply: { delivery: 'proactive' } } });
      const received = await connector.waitForMessages(before + 2, conversation.id);
      expect(received.slice(before).map((r) => r.activity.text)).toEqual([
        `The service desk answered about your ticket **${back?.number}**:`,
        '**Ada Tech:** Your VPN profile is renewed.',
      ]);
    });
  });
}
