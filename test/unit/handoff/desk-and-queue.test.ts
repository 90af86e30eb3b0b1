import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { handoffPrompts } from '../../../src/dialogs/handoff';
import { Catalogue } from '../../../src/i18n';
import {
  createHandoffCore,
  supportConfigSchema,
  type Handoff,
  type HandoffRequest,
  type UpstreamSender,
} from '../../../src/handoff';
import { silentLogger } from '../../../src/logging';
import { SqliteBackend } from '../../../src/storage/embedded/sqlite-backend';
import { TechnicianDirectory, type Technician } from '../../../src/technicians';
import { TicketStore, type CaseFile } from '../../../src/tickets';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
const support = supportConfigSchema.parse({
  timeZone: 'UTC',
  hours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
  ),
  queues: { network: { skills: ['network'] }, printer: { skills: ['workplace'] } },
});

/** One app instance: its own connection to the shared database file. */
function instance(dir: string, sent: unknown[] = []) {
  const storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger() });
  const upstream: UpstreamSender = { send: async (_ref, activities) => void sent.push(...activities) };
  const technicians = new TechnicianDirectory(storage);
  const tickets = new TicketStore(storage);
  const { desk, queue } = createHandoffCore({
    storage,
    tickets,
    technicians,
    support,
    upstream,
    catalogue,
    prompts: handoffPrompts(catalogue),
    logger: silentLogger(),
  });
  return { storage, desk, queue, technicians, tickets, sent };
}

let conversation = 0;
function request(over: Partial<HandoffRequest> = {}): HandoffRequest {
  const id = `conv-${++conversation}`;
  return {
    reference: {
      channelId: 'directline',
      conversation: { id, isGroup: false, name: '', conversationType: '' },
      serviceUrl: 'http://x',
    },
    user: { id: 'u' },
    language: 'en',
    channelId: 'directline',
    reason: 'user-asked',
    ...over,
  };
}

describe('hand-over desk and queue', () => {
  let dir: string;
  let a: ReturnType<typeof instance>;
  let b: ReturnType<typeof instance>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-service-'));
    a = instance(dir);
    b = instance(dir);
  });
  afterEach(async () => {
    await a.storage.close();
    await b.storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('of 50 concurrent claims on two instances exactly one wins, 100 times over', async () => {
    const technicians: Technician[] = [];
    for (let i = 0; i < 50; i++)
      technicians.push(
        (await a.technicians.create({ name: `t${i}`, skills: ['network'], availability: 'online' }))
          .technician,
      );
    // Queued the way request() stores them (request() itself is covered below; it is slower).
    const queued = a.storage.collection<Handoff>('handoffs');
    const { handoff: template } = await a.queue.request(request({ category: 'network' }));
    const started = Date.now();
    for (let round = 0; round < 100; round++) {
      const handoff = await queued.insert({ ...template, id: `race-${round}`, seq: round + 1 });
      const results = await Promise.all(
        technicians.map((t, i) => (i % 2 === 0 ? a : b).desk.claim(handoff.id, t)),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.ok ? winners[0]!.handoff.assignedTo : undefined;
      for (const lost of results.filter((r) => !r.ok))
        expect(lost).toEqual({ ok: false, reason: 'already-claimed', claimedBy: winner });
      expect((await b.desk.getHandoff(handoff.id))?.assignedTo).toBe(winner);
    }
    const claimed = (await a.storage.events.list('console', 0, 10_000)).filter(
      (e) => e.event.type === 'handoff.claimed',
    );
    expect(claimed).toHaveLength(100);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('lists the queue by priority then waiting time, only what the viewer may take', async () => {
    const anna = (
      await a.technicians.create({
        name: 'Anna',
        skills: ['network'],
        languages: ['en'],
        availability: 'online',
      })
    ).technician;
    const lead = (await a.technicians.create({ name: 'Lea', role: 'lead' })).technician;
    const low = await a.queue.request(request({ category: 'network', priority: 'low' }));
    const printer = await a.queue.request(request({ category: 'printer', priority: 'urgent' }));
    const high = await b.queue.request(request({ category: 'network', priority: 'high' }));
    const normal = await a.queue.request(request({ category: 'network' }));
    expect(normal.position).toBe(3);
    expect((await b.desk.listQueue(lead)).map((e) => e.handoff.id)).toEqual([
      printer.handoff.id,
      high.handoff.id,
      normal.handoff.id,
      low.handoff.id,
    ]);
    const annas = await b.desk.listQueue(anna);
    expect(annas.map((e) => [e.handoff.id, e.position])).toEqual([
      [high.handoff.id, 2],
      [normal.handoff.id, 3],
      [low.handoff.id, 4],
    ]);
    expect(await a.desk.claim(printer.handoff.id, anna)).toEqual({ ok: false, reason: 'not-allowed' });
  });

  it('transfers to a person or back to the queue, keeping the place', async () => {
    const anna = (
      await a.technicians.create({
        name: 'Anna',
        role: 'technician',
        skills: ['network'],
        availability: 'online',
      })
    ).technician;
    const ben = (await a.technicians.create({ name: 'Ben', skills: ['workplace'], availability: 'online' }))
      .technician;
    const { handoff } = await a.queue.request(request({ category: 'network' }));
    await a.desk.claim(handoff.id, anna);
    await expect(b.desk.transfer(handoff.id, ben, { technicianId: ben.id })).rejects.toMatchObject({
      code: 'not-allowed',
    });
    const moved = await b.desk.transfer(handoff.id, anna, { technicianId: ben.id });
    expect(moved).toMatchObject({ state: 'assigned', assignedTo: ben.id, assignedToName: 'Ben' });
    const requeued = await a.desk.transfer(handoff.id, ben, { queue: { category: 'printer' } });
    expect(requeued).toMatchObject({
      state: 'queued',
      category: 'printer',
      skills: ['workplace'],
      queuedAt: handoff.queuedAt,
    });
    expect(requeued.assignedTo).toBeUndefined();
    expect((await a.desk.claim(handoff.id, ben)).ok).toBe(true);
    expect([...a.sent, ...b.sent].map((s) => (s as { text?: string }).text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/passing you on to \*\*Ben\*\*/),
        expect.stringMatching(/back in the queue/),
      ]),
    );
  });

  it('keeps notes internal and puts them on the ticket', async () => {
    const anna = (await a.technicians.create({ name: 'Anna', availability: 'online' })).technician;
    const { handoff, ticket } = await a.queue.request(request());
    const note = await b.desk.addNote(handoff.id, anna, 'User sounds like a VIP');
    expect((await a.tickets.get(ticket.id))?.notes).toEqual([note]);
    expect(a.sent.some((s) => JSON.stringify(s).includes('VIP'))).toBe(false);
  });

  it('ends with named reasons and frees the conversation', async () => {
    const anna = (await a.technicians.create({ name: 'Anna', availability: 'online' })).technician;
    const req = request();
    const { handoff } = await a.queue.request(req);
    const conversationId = req.reference.conversation!.id;
    await expect(a.desk.resolve(handoff.id, anna, { note: 'x', category: 'y' })).rejects.toMatchObject({
      code: 'not-assigned',
    });
    await a.desk.claim(handoff.id, anna);
    expect((await b.queue.ownerOf(conversationId))?.state).toBe('assigned');
    const { handoff: ended, ticket } = await b.desk.resolve(handoff.id, anna, {
      note: 'x',
      category: 'y',
    });
    expect(ended).toMatchObject({ state: 'resolved', endReason: 'resolved' });
    expect(ticket.status).toBe('resolved');
    expect(await a.queue.ownerOf(conversationId)).toBeUndefined();
    expect(await a.queue.feedback.pending(conversationId)).toMatchObject({
      kind: 'rating',
      ticketId: ticket.id,
    });
    expect(await a.desk.claim(handoff.id, anna)).toEqual({ ok: false, reason: 'not-found' });
  });

  describe('a case the bot had solved (its ticket on the case file)', () => {
    const BOT = { kind: 'bot', name: 'FirstLine' } as const;
    /** The bot's ticket of a conversation, resolved with an article, and the case file naming it. */
    async function botSolved(outcome: CaseFile['outcome']) {
      const req = request();
      const caseFile: CaseFile = {
        problem: 'OneDrive is not syncing',
        descriptions: ['OneDrive is not syncing'],
        language: 'en',
        facts: {},
        suggestions: [],
        steps: [{ articleId: 'onedrive', step: 1, result: 'worked', at: '2026-11-23T10:00:00.000Z' }],
        consecutiveMisses: 0,
        openedAt: '2026-11-23T10:00:00.000Z',
        updatedAt: '2026-11-23T10:00:00.000Z',
        outcome,
      };
      const { id } = await a.tickets.create(
        {
          conversationId: req.reference.conversation!.id,
          channelId: 'directline',
          user: { id: 'u' },
          language: 'en',
          category: 'files',
          priority: 'normal',
          skills: [],
          problem: 'OneDrive is not syncing',
          facts: {},
          stepsTried: [],
          articlesSuggested: [],
          origin: 'bot-resolved',
          status: 'new',
        },
        BOT,
      );
      const byBot = { source: 'article', ref: 'onedrive' } as const;
      await a.tickets.resolve(id, { note: 'article', category: 'files', by: 'FirstLine', byBot }, BOT);
      caseFile.botResolution = { ticketId: id };
      return { req: { ...req, caseFile }, id };
    }
    const ofConversation = async (req: HandoffRequest) =>
      a.tickets.ofConversations([req.reference.conversation!.id]);

    it('hands the fix the user took back over on its ticket, from another instance', async () => {
      const { req, id } = await botSolved('unresolved');
      await a.tickets.transition(id, 'open', BOT, 'the user said the fix did not help');
      const { ticket, handoff } = await b.queue.request({ ...req, category: 'printer', priority: 'high' });
      expect(ticket).toMatchObject({ id, status: 'open', category: 'printer', priority: 'high' });
      expect(ticket.skills).toEqual(['workplace']);
      expect(ticket.origin).toBe('the user asked for a person');
      expect(ticket.relatedTo).toBeUndefined();
      expect(handoff).toMatchObject({ ticketId: id, ticketNumber: ticket.number, category: 'printer' });
      expect(ticket.history?.at(-1)).toMatchObject({
        change: 'handed-over',
        why: 'the user asked for a person',
      });
      expect(await ofConversation(req)).toHaveLength(1);
    });

    it('reopens a ticket still resolved by the bot when the case is not solved any more', async () => {
      const { req, id } = await botSolved('handoffRequested');
      const { ticket } = await b.queue.request({ ...req, category: 'files' });
      expect(ticket).toMatchObject({ id, status: 'open' });
      expect(ticket.history!.slice(-2).map((h) => [h.change, h.from, h.to, h.why])).toEqual([
        ['status', 'resolved', 'open', 'the user said the fix did not help'],
        ['handed-over', undefined, undefined, 'the user asked for a person'],
      ]);
      expect(await ofConversation(req)).toHaveLength(1);
    });

    it('opens a second ticket, related to the first, when the first cannot be continued', async () => {
      const closed = await botSolved('unresolved');
      await a.tickets.transition(closed.id, 'closed', BOT);
      const { ticket } = await b.queue.request(closed.req);
      expect(ticket.id).not.toBe(closed.id);
      expect(ticket).toMatchObject({ status: 'new', relatedTo: closed.id });
      expect((await a.tickets.get(closed.id))?.status).toBe('closed');
      // ... and the first one points at the second, for whoever opens it.
      expect((await a.tickets.get(closed.id))?.notes.map((n) => n.text)).toEqual([
        `The conversation went on in ticket ${ticket.number}, opened after this one.`,
      ]);

      // A technician takes over a chat the bot solved: the bot's fix stands, so does its ticket.
      const anna = (await a.technicians.create({ name: 'Anna', skills: ['*'], availability: 'online' }))
        .technician;
      const solved = await botSolved('resolved');
      const handoff = await b.desk.openAssigned({ ...solved.req, reason: 'technician-picked' }, anna);
      expect(handoff.ticketId).not.toBe(solved.id);
      expect(await a.tickets.get(handoff.ticketId)).toMatchObject({ relatedTo: solved.id, status: 'open' });
      expect((await a.tickets.get(solved.id))?.status).toBe('resolved');
    });
  });
});
