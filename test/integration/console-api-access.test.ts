import { createHash } from 'node:crypto';
import { api, startConsoleHarness, type ConsoleHarness } from '../unit/console/console-harness';
import type { Handoff } from '../../src/handoff';

const ATTACHMENT_ID = 'att-access-table-0001';

interface Operation {
  operationId: string;
  method: string;
  path: string;
  minRole: 'technician' | 'lead' | 'admin' | null;
  resource?: 'handoff' | 'ticket' | 'technician' | 'conversation' | 'attachment' | 'incident' | 'mail';
  example?: unknown;
  stream: boolean;
}

/** Every console operation, read from the served OpenAPI document: new routes are covered automatically. */
async function operations(url: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = (op.requestBody as { content?: Record<string, { example?: unknown }> } | undefined)
        ?.content;
      const responses = op.responses as Record<string, { content?: Record<string, unknown> }>;
      out.push({
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        minRole: op['x-firstline-min-role'] as Operation['minRole'],
        resource: op['x-firstline-resource'] as Operation['resource'],
        example: content?.['application/json']?.example,
        stream: Object.values(responses).some((r) => r.content?.['text/event-stream']),
      });
    }
  }
  return out;
}

describe('console API access control (table-driven over the OpenAPI document)', () => {
  let h: ConsoleHarness;
  let ops: Operation[];
  let owner: string; // technician the handoff is assigned to
  let other: string; // another technician
  let lead: string;
  let admin: string;
  let ownerId: string;
  let mine: Handoff;

  beforeAll(async () => {
    h = await startConsoleHarness();
    ops = await operations(h.url);
    const a = await h.addTechnician('technician', { name: 'Owner' });
    owner = a.token;
    ownerId = a.technician.id;
    other = (await h.addTechnician('technician', { name: 'Other', skills: ['printers'] })).token;
    lead = (await h.addTechnician('lead')).token;
    admin = (await h.addTechnician('admin')).token;
    // Needs a skill "Other" lacks, so it is never routed to them.
    const queued = await h.queueHandoff({ skills: ['network'] });
    await h.directory.update(ownerId, { skills: ['network'] });
    const claimed = await h.handoffs.claim(queued.id, (await h.directory.get(ownerId))!);
    if (!claimed.ok) throw new Error('setup: claim failed');
    mine = claimed.handoff;
    // The bot had been chatting in that conversation before the hand-over: its bot-chat record
    // (transcript view, take-over) exists too and must not open the conversation to others.
    await h.botChat('vpn drops every hour', mine.conversationId);
    // And the user had sent a screenshot in it.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await h.storage.attachments.put(
      {
        id: ATTACHMENT_ID,
        conversationId: mine.conversationId,
        userId: 'user-with-vpn',
        channelId: 'directline',
        name: 'vpn-error.png',
        mediaType: 'image/png',
        size: png.length,
        sha256: createHash('sha256').update(png).digest('hex'),
        createdAt: new Date().toISOString(),
      },
      png,
    );
    // The harness builds the whole shipped knowledge base and every console service: on a busy
    // machine that alone takes longer than a hook's default 30 s.
  }, 120_000);
  afterAll(() => h.stop());

  function urlOf(
    op: Operation,
    ids: {
      handoff?: string;
      ticket?: string;
      technician?: string;
      conversation?: string;
      attachment?: string;
    } = {},
  ): string {
    const path = op.path
      .replace('{handoffId}', ids.handoff ?? mine.id)
      .replace('{ticketId}', ids.ticket ?? mine.ticketId)
      .replace('{conversationId}', ids.conversation ?? mine.conversationId)
      .replace('{attachmentId}', ids.attachment ?? ATTACHMENT_ID)
      .replace('{technicianId}', ids.technician ?? ownerId)
      // Every technician may read every incident: only unknown ones are out of reach.
      .replace('{incidentId}', 'no-such-incident')
      // Only administrators see the mail outbox, and every e-mail in it: unknown ones are out of reach.
      .replace('{mailId}', 'no-such-mail');
    return `${h.url}${path}${op.operationId === 'searchArticles' ? '?q=vpn' : ''}`;
  }

  async function call(op: Operation, token: string | undefined, ids = {}) {
    if (op.stream) {
      // Only the status line matters here; abort before the body streams forever.
      const controller = new AbortController();
      const res = await fetch(urlOf(op, ids), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: controller.signal,
      });
      controller.abort();
      return { status: res.status, body: {} };
    }
    return api(urlOf(op, ids), token, op.method, op.example ?? (op.method === 'GET' ? undefined : {}));
  }

  it('serves a document with console operations in it', () => {
    expect(ops.length).toBeGreaterThanOrEqual(20);
    expect(ops.every((op) => op.path.startsWith('/api/console/'))).toBe(true);
  });

  it('answers 401 to every console operation without credentials', async () => {
    const statuses: Record<string, number> = {};
    for (const op of ops) {
      const { status, body } = await call(op, undefined);
      statuses[op.operationId] = status;
      if (status === 401 && !op.stream)
        expect(body).toEqual({ error: { code: 'Unauthorized', message: expect.any(String) } });
    }
    expect(Object.entries(statuses).filter(([, s]) => s !== 401)).toEqual([]);
  });

  it('answers 401 to a wrong token and to a wrong session cookie', async () => {
    for (const op of ops.filter((o) => o.minRole !== null)) {
      expect((await call(op, 'flt_not-a-real-token')).status).toBe(401);
      const res = await fetch(urlOf(op), {
        method: op.method,
        headers: { cookie: 'firstline_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      });
      await res.body?.cancel();
      expect([op.operationId, res.status]).toEqual([op.operationId, 401]);
    }
  });

  it('answers 403 when the role is too low', async () => {
    const guarded = ops.filter((op) => op.minRole === 'lead' || op.minRole === 'admin');
    expect(guarded.map((o) => o.operationId)).toEqual(
      expect.arrayContaining(['listTechnicians', 'createTechnician']),
    );
    for (const op of guarded) {
      expect([op.operationId, (await call(op, other)).status]).toEqual([op.operationId, 403]);
      if (op.minRole === 'admin') {
        expect([op.operationId, (await call(op, lead)).status]).toEqual([op.operationId, 403]);
      }
    }
  });

  it("answers 404 for another technician's handoff, ticket or conversation, and for unknown ids", async () => {
    const scoped = ops.filter((op) => op.resource);
    expect(scoped.length).toBeGreaterThanOrEqual(10);
    // Every route that shows a conversation or a ticket is in the table.
    expect(scoped.map((op) => op.operationId)).toEqual(
      expect.arrayContaining([
        'getHandoff',
        'getTicket',
        'getBotChat',
        'takeOverBotChat',
        'getAttachment',
        'getMailOutboxItem',
        'retryMailOutboxItem',
      ]),
    );
    for (const op of scoped) {
      const caller = op.minRole === 'admin' ? admin : op.minRole === 'lead' ? lead : other;
      if (op.resource !== 'technician') {
        const res = await call(op, caller);
        expect([op.operationId, res.status, res.body.error]).toEqual([
          op.operationId,
          404,
          { code: 'NotFound', message: expect.any(String) },
        ]);
      }
      const unknown = await call(op, caller, {
        handoff: 'no-such-handoff',
        ticket: 'no-such-ticket',
        technician: 'no-such-technician',
        conversation: 'no-such-conversation',
        attachment: 'no-such-attachment',
      });
      expect([op.operationId, unknown.status]).toEqual([op.operationId, 404]);
    }
  });

  it("hides a handed-over conversation's bot-chat transcript from a technician without access (issue 12, finding 3)", async () => {
    const chat = `${h.url}/api/console/bot-chats/${mine.conversationId}`;
    const view = await api(chat, other, 'GET');
    expect([view.status, JSON.stringify(view.body)]).toEqual([404, expect.not.stringContaining('vpn drops')]);
    expect((await api(`${h.url}/api/console/handoffs/${mine.id}`, other, 'GET')).status).toBe(404);
    expect((await api(`${chat}/take-over`, other, 'POST')).status).toBe(404);
    const list = await api(`${h.url}/api/console/bot-chats`, other, 'GET');
    expect(JSON.stringify(list.body)).not.toContain(mine.conversationId);
  });

  it('lets the owner, a lead and an admin read the handoff and ticket that others cannot', async () => {
    for (const token of [owner, lead, admin]) {
      expect((await api(`${h.url}/api/console/handoffs/${mine.id}`, token, 'GET')).status).toBe(200);
      const chat = await api(`${h.url}/api/console/bot-chats/${mine.conversationId}`, token, 'GET');
      expect(chat.status).toBe(200);
      const file = await fetch(`${h.url}/api/console/attachments/${ATTACHMENT_ID}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await file.body?.cancel();
      expect(file.status).toBe(200);
      const ticket = await api(`${h.url}/api/console/tickets/${mine.ticketId}`, token, 'GET');
      expect(ticket.status).toBe(200);
      expect(ticket.body).toMatchObject({ ticket: { id: mine.ticketId }, transcript: expect.any(Array) });
    }
  });

  it('never shows the token hash', async () => {
    const me = await api(`${h.url}/api/console/me`, owner, 'GET');
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).not.toContain('tokenHash');
    const all = await api(`${h.url}/api/console/technicians`, lead, 'GET');
    expect(JSON.stringify(all.body)).not.toContain('tokenHash');
  });

  it('validates bodies with 400 BadArgument naming the field, and limits message size', async () => {
    const path = `${h.url}/api/console/handoffs/${mine.id}/messages`;
    const empty = await api(path, owner, 'POST', {});
    expect(empty).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
    expect(String((empty.body.error as { message: string }).message)).toContain('"text"');
    const long = await api(path, owner, 'POST', { text: 'x'.repeat(h.config.limits.maxMessageChars + 1) });
    expect(long.status).toBe(400);
    const ok = await api(path, owner, 'POST', { text: 'Hello from the desk' });
    expect(ok).toEqual({ status: 200, body: { sent: true } });
    expect(h.sent.at(-1)?.activities[0]).toMatchObject({
      text: expect.stringContaining('Hello from the desk'),
    });
  });
});
