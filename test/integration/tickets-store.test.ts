import { retentionTasks } from '../../src/personal-data';
import type { Config } from '../../src/config';
import { MAX_HISTORY, type Ticket } from '../../src/tickets';
import { ANNA, BEN, allPages, createAt, newTicket, ticketsOn } from '../contract/tickets.contract';
import { describeEachBackend } from '../helpers/each-backend';

// The ticket store's contract, on SQLite and on MongoDB (FerretDB in CI).
const MINUTE = 60_000;

describeEachBackend('ticket store', (withBackend) => {
  it('finds a ticket by id or by number in any case', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const made = await createAt(backend, tickets);
      expect((await tickets.byIdOrNumber(made.id))?.number).toBe(made.number);
      expect((await tickets.byIdOrNumber(made.number.toLowerCase()))?.id).toBe(made.id);
      expect(await tickets.byIdOrNumber('HD-999999')).toBeUndefined();
      expect(await tickets.byIdOrNumber('')).toBeUndefined();
    }));

  it('walks the lifecycle with a history line for every change, and refuses invalid moves', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const { id } = await createAt(backend, tickets, { status: 'new' });
      expect((await tickets.get(id))?.status).toBe('new');
      const assigned = await tickets.assign(id, { id: 'tech-anna', name: 'Anna' }, ANNA);
      expect(assigned).toMatchObject({ status: 'open', assignee: { id: 'tech-anna', name: 'Anna' } });
      await tickets.transition(id, 'pending', ANNA, 'asked for the printer model');
      await tickets.transition(id, 'on-hold', ANNA, 'waiting for the vendor');
      await tickets.setPriority(id, 'high', ANNA);
      await tickets.setCategory(id, 'hardware', ANNA);
      await tickets.setTeam(id, 'workplace', ANNA);
      await tickets.transition(id, 'resolved', ANNA);
      await expect(tickets.transition(id, 'pending', ANNA)).rejects.toMatchObject({
        code: 'invalid-transition',
      });
      await tickets.transition(id, 'open', { kind: 'user', id: 'dl_user', name: 'Maria' }, 'broken again');
      await tickets.transition(id, 'resolved', BEN);
      const closed = await tickets.transition(id, 'closed', BEN);
      await expect(tickets.transition(id, 'open', BEN)).rejects.toMatchObject({ code: 'invalid-transition' });
      expect(closed.status).toBe('closed');
      const history = await tickets.history(id);
      expect(history.map((e) => [e.change, e.from, e.to, e.by.name])).toEqual([
        ['created', undefined, 'new', 'FirstLine'],
        ['assignee', undefined, 'Anna', 'Anna'],
        ['status', 'new', 'open', 'Anna'],
        ['status', 'open', 'pending', 'Anna'],
        ['status', 'pending', 'on-hold', 'Anna'],
        ['priority', 'normal', 'high', 'Anna'],
        ['category', 'printer', 'hardware', 'Anna'],
        ['team', undefined, 'workplace', 'Anna'],
        ['status', 'on-hold', 'resolved', 'Anna'],
        ['status', 'resolved', 'open', 'Maria'],
        ['status', 'open', 'resolved', 'Ben'],
        ['status', 'resolved', 'closed', 'Ben'],
      ]);
      expect(history[3]?.why).toBe('asked for the printer model');
      expect(history.every((e) => typeof e.at === 'string' && e.id.length > 0)).toBe(true);
      // The default status stays open.
      expect((await createAt(backend, tickets)).status).toBe('open');
    }));

  it(
    'keeps public replies and internal notes apart, and every history line under the cap',
    () =>
      withBackend(async (backend) => {
        const tickets = ticketsOn(backend);
        const { id } = await createAt(backend, tickets);
        await tickets.updateSla(id, { firstResponseDueAt: '2030-01-01T10:00:00.000Z' });
        const reply = await tickets.reply(id, ANNA, 'Please restart the printer.', 'live');
        const comment = await tickets.reply(id, { kind: 'user', id: 'dl_user', name: 'Maria' }, 'done');
        await tickets.setReplyDelivery(id, comment.id, 'undelivered');
        const note = await tickets.addNote(id, ANNA, 'toner was low');
        const legacy = await tickets.addNote(id, 'Ben', 'also checked the tray');
        const ticket = (await tickets.get(id))!;
        expect(ticket.replies?.map((r) => [r.by.name, r.text, r.delivery])).toEqual([
          ['Anna', 'Please restart the printer.', 'live'],
          ['Maria', 'done', 'undelivered'],
        ]);
        expect(ticket.notes.map((n) => [n.author, n.text])).toEqual([
          ['Anna', 'toner was low'],
          ['Ben', 'also checked the tray'],
        ]);
        expect(ticket.sla?.firstRespondedAt).toBe(reply.at);
        expect(ticket.history?.map((e) => [e.change, e.to])).toEqual([
          ['created', 'open'],
          ['reply', reply.id],
          ['reply', comment.id],
          ['note', note.id],
          ['note', legacy.id],
        ]);
        await expect(tickets.reply(id, ANNA, '   ')).rejects.toMatchObject({ code: 'invalid-input' });
        await expect(tickets.setReplyDelivery(id, 'nope', 'live')).rejects.toMatchObject({
          code: 'not-found',
        });

        for (let i = 0; i < MAX_HISTORY + 5; i++) await tickets.setTeam(id, `team-${i}`, ANNA);
        const history = await tickets.history(id);
        expect(history).toHaveLength(MAX_HISTORY);
        expect(history[0]).toMatchObject({ change: 'trimmed', to: String(5 + 5 + 1) });
        expect(history.at(-1)).toMatchObject({ change: 'team', to: `team-${MAX_HISTORY + 4}` });
      }),
    // 500 writes of a growing document: slow on FerretDB on a busy machine.
    120_000,
  );

  it('redacts and limits every text it stores', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend, (text) => text.replaceAll('hunter2', '[password]'));
      const step = { source: 'article', ref: 'vpn', step: '1', result: 'failed', at: '2026-01-01' } as const;
      const { id } = await createAt(backend, tickets, {
        problem: 'my password is hunter2',
        facts: { said: 'hunter2' },
        stepsTried: [{ ...step, said: 'it asks for hunter2 again' }],
      });
      // What the user said at a step, also when a hand-over continues on the ticket.
      const handedOver = await tickets.handOver(
        id,
        newTicket({
          problem: 'my password is hunter2',
          stepsTried: [{ ...step, step: '2', said: 'still hunter2' }],
        }),
        ANNA,
      );
      expect(handedOver.stepsTried.map((s) => s.said)).toEqual(['still [password]']);
      await tickets.reply(id, ANNA, `try hunter2 ${'x'.repeat(10_000)}`);
      await tickets.addNote(id, ANNA, 'user said hunter2');
      await tickets.transition(id, 'pending', ANNA, 'hunter2 given');
      const dump = JSON.stringify(await backend.dumpEverything());
      expect(dump).not.toContain('hunter2');
      const ticket = (await tickets.get(id))!;
      expect(ticket.problem).toBe('my password is [password]');
      expect(ticket.replies?.[0]?.text.length).toBe(4000);
    }));

  it('merges a duplicate and links a child, both recorded on both sides', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const main = await createAt(backend, tickets);
      const duplicate = await createAt(backend, tickets);
      const merged = await tickets.merge(duplicate.id, main.id, ANNA);
      expect(merged).toMatchObject({ status: 'closed', mergedInto: main.id });
      expect((await tickets.history(main.id)).at(-1)).toMatchObject({
        change: 'merged',
        from: duplicate.number,
      });
      expect((await tickets.history(duplicate.id)).map((e) => e.change)).toEqual([
        'created',
        'merged',
        'status',
      ]);
      await expect(tickets.merge(duplicate.id, main.id, ANNA)).rejects.toMatchObject({
        code: 'invalid-input',
      });
      await expect(tickets.merge(main.id, main.id, ANNA)).rejects.toMatchObject({ code: 'invalid-input' });

      const child = await createAt(backend, tickets);
      expect((await tickets.link(child.id, main.id, ANNA)).parentId).toBe(main.id);
      await expect(tickets.link(main.id, child.id, ANNA)).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(tickets.link(child.id, 'nope', ANNA)).rejects.toMatchObject({ code: 'not-found' });
      expect((await tickets.history(child.id)).at(-1)).toMatchObject({ change: 'linked', to: main.number });
    }));

  it('filters the worklist by every field, with the access rule', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const a = await createAt(backend, tickets, { priority: 'urgent', skills: ['network'], language: 'de' });
      const b = await createAt(backend, tickets, {
        channelId: 'msteams',
        category: 'vpn',
        type: 'request',
        user: { id: 'teams-1', name: 'Jan Nowak' },
        skills: [],
      });
      const c = await createAt(backend, tickets, { status: 'new', skills: ['workplace'] });
      await tickets.assign(a.id, { id: 'tech-anna', name: 'Anna' }, ANNA);
      await tickets.setTeam(b.id, 'network', ANNA);
      await tickets.transition(b.id, 'pending', ANNA);
      await tickets.updateSla(c.id, {
        firstResponseDueAt: new Date(backend.clock.now + 5 * 60_000).toISOString(),
      });
      const numbers = async (q: Parameters<typeof tickets.query>[0]) =>
        (await tickets.query(q)).tickets.map((t) => t.number).sort();
      expect(await numbers({ status: ['pending'] })).toEqual([b.number]);
      expect(await numbers({ status: ['new', 'open'] })).toEqual([a.number, c.number].sort());
      expect(await numbers({ assigneeId: 'tech-anna' })).toEqual([a.number]);
      expect(await numbers({ assigneeId: null })).toEqual([b.number, c.number].sort());
      expect(await numbers({ team: ['network'] })).toEqual([b.number]);
      expect(await numbers({ priority: ['urgent', 'high'] })).toEqual([a.number]);
      expect(await numbers({ language: ['de'] })).toEqual([a.number]);
      expect(await numbers({ category: ['vpn'] })).toEqual([b.number]);
      expect(await numbers({ channelId: ['msteams'] })).toEqual([b.number]);
      expect(await numbers({ type: ['request'] })).toEqual([b.number]);
      expect(await numbers({ type: ['incident'] })).toEqual([a.number, c.number].sort());
      expect(await numbers({ userId: 'teams-1' })).toEqual([b.number]);
      expect(await numbers({ createdFrom: b.createdAt, createdTo: b.createdAt })).toEqual([b.number]);
      expect(await numbers({ createdFrom: b.createdAt })).toEqual([b.number, c.number].sort());
      const later = new Date(backend.clock.now + 10 * 60_000).toISOString();
      expect(await numbers({ dueBefore: later })).toEqual([c.number]);
      expect(await numbers({ dueBefore: c.createdAt })).toEqual([]);
      expect(await numbers({ updatedFrom: (await tickets.get(b.id))!.updatedAt })).toContain(b.number);
      // Ben knows workplace: his own skill's ticket and the one without skills, not Anna's network one.
      expect(await numbers({ visibleTo: { technicianId: 'tech-ben', skills: ['Workplace'] } })).toEqual(
        [b.number, c.number].sort(),
      );
      expect(await numbers({ visibleTo: { technicianId: 'tech-anna', skills: [] } })).toEqual(
        [a.number, b.number].sort(),
      );
      expect(await numbers({ visibleTo: { technicianId: 'x', skills: ['*'] } })).toHaveLength(3);
    }));

  it('searches number, user, problem and the transcript', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const printer = await createAt(backend, tickets, { conversationId: 'conv-printer' });
      const vpn = await createAt(backend, tickets, {
        conversationId: 'conv-vpn',
        category: 'network',
        problem: 'VPN drops every hour',
        user: { id: 'u2', name: 'Jan Nowak', email: 'jan.nowak@example.com' },
      });
      await backend.storage.transcripts.append({
        conversationId: 'conv-vpn',
        channelId: 'directline',
        direction: 'incoming',
        at: new Date(backend.clock.now).toISOString(),
        type: 'message',
        from: { id: 'u2', role: 'user' },
        text: 'the Cisco client says error 412',
      });
      const found = async (q: string) => (await tickets.query({ q })).tickets.map((t) => t.number);
      expect(await found('jams')).toEqual([printer.number]);
      expect(await found('PRINTER third')).toEqual([printer.number]);
      expect(await found('printer vpn')).toEqual([]);
      expect(await found(vpn.number.toLowerCase())).toEqual([vpn.number]);
      expect(await found('nowak')).toEqual([vpn.number]);
      expect(await found('jan.nowak@example.com')).toEqual([vpn.number]);
      expect(await found('cisco')).toEqual([vpn.number]);
      expect(await found('cisco vpn')).toEqual([vpn.number]);
      expect(await found('%')).toEqual([]);
      expect(await found('.*')).toEqual([]);
      expect((await tickets.query({ q: 'drops', status: ['resolved'] })).tickets).toEqual([]);
    }));

  it('finds a ticket by its category, and by the new one once it changes', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const request = await createAt(backend, tickets, {
        category: 'software-request',
        problem: 'I need Visio for the floor plans',
      });
      const printer = await createAt(backend, tickets, { problem: 'the toner light blinks' });
      const found = async (q: string) => (await tickets.query({ q })).tickets.map((t) => t.number);
      expect(await found('software-request')).toEqual([request.number]);
      expect(await found('request visio')).toEqual([request.number]);
      expect(await found('printer')).toEqual([printer.number]);

      await tickets.setCategory(request.id, 'licences', ANNA);
      expect(await found('software-request')).toEqual([]);
      expect(await found('licences')).toEqual([request.number]);
    }));

  it('pages with a cursor in every sort, stable while tickets are added', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const priorities = ['low', 'urgent', 'normal', 'high'] as const;
      const made = [];
      for (let i = 0; i < 12; i++)
        made.push(
          await createAt(backend, tickets, { priority: priorities[i % 4]!, problem: `disk full ${i}` }),
        );
      const newestFirst = made.map((t) => t.number).reverse();
      const first = await tickets.query({ limit: 5 });
      expect(first.tickets.map((t) => t.number)).toEqual(newestFirst.slice(0, 5));
      // New tickets arriving between pages do not shift the rest of the list.
      await createAt(backend, tickets);
      const rest = await allPages(tickets, { limit: 5, cursor: first.nextCursor! } as never);
      expect(rest.flat()).toEqual(newestFirst.slice(5));
      expect(rest.map((p) => p.length)).toEqual([5, 2]);

      const oldest = await allPages(tickets, { direction: 'asc', limit: 4, q: 'disk' });
      expect(oldest.flat()).toEqual(made.map((t) => t.number));
      const urgentFirst = (await allPages(tickets, { sort: 'priority', limit: 3, q: 'disk' })).flat();
      expect(urgentFirst.slice(0, 3)).toEqual([made[9], made[5], made[1]].map((t) => t!.number));
      expect(urgentFirst).toHaveLength(12);
      expect(new Set(urgentFirst).size).toBe(12);
      const updated = (await allPages(tickets, { sort: 'updatedAt', direction: 'asc', limit: 7 })).flat();
      expect(updated).toHaveLength(13);
      const due = (await allPages(tickets, { sort: 'dueAt', limit: 5 })).flat();
      expect(new Set(due).size).toBe(13);

      expect((await tickets.query({ limit: 1000 })).tickets).toHaveLength(13);
      const capped = await tickets.query({ limit: 500 });
      expect(capped.tickets.length).toBeLessThanOrEqual(100);
      await expect(tickets.query({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(tickets.query({ cursor: first.nextCursor!, sort: 'priority' })).rejects.toMatchObject({
        code: 'invalid-input',
      });
    }));

  it('forgets what retention, erasure and anonymisation take away, in the search too', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const ticket = await createAt(backend, tickets, {
        conversationId: 'conv-gone',
        problem: 'quuxfrobnicator broke',
        user: { id: 'u-gone', name: 'Zbyszko Glimmerstone' },
      });
      await backend.storage.transcripts.append({
        conversationId: 'conv-gone',
        channelId: 'directline',
        direction: 'incoming',
        at: new Date(backend.clock.now).toISOString(),
        type: 'message',
        from: { id: 'u-gone', role: 'user' },
        text: 'my flurbleglorp is stuck',
      });
      const found = async (q: string) => (await tickets.query({ q })).tickets.map((t) => t.number);
      expect(await found('glimmerstone flurbleglorp')).toEqual([ticket.number]);
      // Anonymisation writes through the collection, as personal-data does.
      await backend.storage.collection<Ticket>('tickets').update(ticket.id, {}, { user: { id: 'erased-1' } });
      expect(await found('glimmerstone')).toEqual([]);
      await backend.storage.transcripts.deleteConversations(['conv-gone']);
      expect(await found('flurbleglorp')).toEqual([]);
      expect(await found('quuxfrobnicator')).toEqual([ticket.number]);

      await tickets.transition(ticket.id, 'resolved', ANNA);
      backend.clock.now += 400 * 24 * 60 * 60_000;
      const task = retentionTasks(backend.storage, { ticketsDays: 30 } as Config['retention']).find(
        (t) => t.name === 'tickets',
      );
      expect(await task!.purge(new Date(backend.clock.now))).toBe(1);
      expect((await tickets.query({})).tickets).toEqual([]);
      expect(await found('quuxfrobnicator')).toEqual([]);
      // Nothing of it stays in the worklist's tables (SQLite, FTS5 shadow tables included) or collection.
      const everything = await backend.dumpEverything();
      const index = Object.keys(everything).filter((name) => name.startsWith('ticket_'));
      expect(index.length).toBeGreaterThan(0);
      const dump = JSON.stringify(index.map((name) => everything[name]));
      for (const word of ['quuxfrobnicator', 'glimmerstone', 'flurbleglorp'])
        expect(dump).not.toContain(word);
    }));

  it('keeps the language pair live translation was used in, writing only when it changes', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const made = await createAt(backend, tickets, { language: 'de' });
      expect(made.translation).toBeUndefined();
      const set = await tickets.setTranslation(made.id, { user: 'de', technician: 'en' });
      expect(set.translation).toEqual({ user: 'de', technician: 'en' });
      // The same pair again is no write (every message translated would otherwise bump the ticket).
      expect((await tickets.setTranslation(made.id, { user: 'de', technician: 'en' })).version).toBe(
        set.version,
      );
      await tickets.setTranslation(made.id, { user: 'de', technician: 'pl' });
      expect((await tickets.get(made.id))?.translation).toEqual({ user: 'de', technician: 'pl' });
    }));

  it('creates concurrently without losing a history line', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const { id } = await tickets.create(newTicket());
      await Promise.all(Array.from({ length: 8 }, (_, i) => tickets.addNote(id, ANNA, `note ${i}`)));
      expect((await tickets.history(id)).filter((e) => e.change === 'note')).toHaveLength(8);
    }));

  it('keeps the figures the insights count with each ticket, and selects them by creation time and filters', () =>
    withBackend(async (backend) => {
      const tickets = ticketsOn(backend);
      const at = () => new Date(backend.clock.now).toISOString();
      const created = await createAt(backend, tickets);
      const createdAt = at();
      await createAt(backend, tickets, { language: 'de', channelId: 'msteams', category: 'network' });
      backend.clock.now += MINUTE;
      await tickets.assign(created.id, { id: 'tech-anna', name: 'Anna' }, ANNA);
      const respondedAt = at();
      backend.clock.now += MINUTE;
      await tickets.transition(created.id, 'resolved', ANNA);
      const resolvedAt = at();
      backend.clock.now += MINUTE;
      await tickets.transition(
        created.id,
        'open',
        { kind: 'user', id: 'dl_user', name: 'Maria' },
        'broken again',
      );
      backend.clock.now += MINUTE;
      await tickets.transition(created.id, 'resolved', ANNA);
      await tickets.rate(created.id, 4);

      const range = {
        createdFrom: createdAt,
        createdBefore: new Date(backend.clock.now + MINUTE).toISOString(),
      };
      const figures = await backend.storage.worklist.figures({
        ...range,
        language: 'en',
        category: 'printer',
      });
      expect(figures).toEqual([
        expect.objectContaining({
          createdAt,
          byBot: false,
          firstResponseAt: respondedAt,
          firstResolvedAt: resolvedAt,
          reopened: true,
          rating: 4,
          slaPaused: false,
        }),
      ]);
      expect(await backend.storage.worklist.figures(range)).toHaveLength(2);
      expect(await backend.storage.worklist.figures({ ...range, channelId: 'msteams' })).toEqual([
        expect.objectContaining({
          firstResponseAt: null,
          firstResolvedAt: null,
          reopened: false,
          rating: null,
        }),
      ]);
      expect(await backend.storage.worklist.figures({ ...range, createdFrom: resolvedAt })).toEqual([]);
    }));
});
