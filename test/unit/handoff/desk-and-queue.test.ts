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
import { TicketStore } from '../../../src/tickets';

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
});
