import path from 'node:path';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { ConsoleClient, DirectLineUser } from '../helpers/instances';
import type { NewTicket, Ticket } from '../../src/tickets';

/**
 * The SLA scheduler on the embedded store with a controllable clock: tickets stored before the
 * targets existed, a ticket nobody ever answers, priorities without targets, and nobody assigned.
 * The shipped support.yaml: Berlin hours, urgent counted around the clock.
 */
describe('SLA scheduler (real app, SQLite)', () => {
  // Tuesday 2 February 2027, 10:00 in Berlin.
  let now = Date.parse('2027-02-02T09:00:00.000Z');
  const clock = () => new Date(now);
  let running: RunningApp;

  const input = (fields: Partial<NewTicket>): NewTicket => ({
    conversationId: `c-${Math.random()}`,
    channelId: 'directline',
    user: { id: 'u-1', name: 'Ana' },
    language: 'en',
    category: 'network',
    priority: 'normal',
    skills: [],
    problem: 'VPN drops',
    facts: {},
    stepsTried: [],
    articlesSuggested: [],
    origin: 'test',
    ...fields,
  });
  const events = async (type: string) =>
    (await running.app.storage.events.list('console', 0, 1000))
      .filter((e) => e.event.type === type)
      .map((e) => e.event);
  const pass = async () => {
    const result = await running.app.sla!.runNow();
    await running.app.idle();
    return result;
  };

  beforeAll(async () => {
    running = await startApp(
      { SUPPORT_CONFIG_FILE: path.join(__dirname, '../../content/support.yaml'), SLA_CHECK_SECONDS: '600' },
      undefined,
      clock,
    );
  });
  afterAll(() => running.stop());

  it('gives due times to an active ticket stored before the targets existed', async () => {
    const tickets = running.app.storage.collection<Ticket>('tickets');
    const created = await running.app.handoff!.tickets.create(input({}));
    // As stored before SLAs: no sla at all.
    await tickets.update(created.id, { version: created.version }, { sla: undefined });
    const result = await pass();
    expect(result).toMatchObject({ ran: true, stamped: 1 });
    expect((await running.app.handoff!.tickets.get(created.id))?.sla).toMatchObject({
      firstResponseDueAt: '2027-02-02T13:00:00.000Z',
      resolutionDueAt: '2027-02-04T13:00:00.000Z',
    });
    expect((await pass()).stamped).toBe(0);
  });

  it('moves the due times when the category changes to one with its own targets', async () => {
    const ticket = await running.app.handoff!.tickets.create(input({}));
    expect(ticket.sla?.firstResponseDueAt).toBe('2027-02-02T13:00:00.000Z');
    const lead = { kind: 'technician' as const, id: 'lead', name: 'Lea' };
    const moved = await running.app.handoff!.tickets.setCategory(ticket.id, 'security', lead, 'phishing');
    // security / normal: a first response in 1 h and a resolution in 8 h (Tuesday 18:00 Berlin).
    expect(moved.sla).toMatchObject({
      firstResponseDueAt: '2027-02-02T10:00:00.000Z',
      resolutionDueAt: '2027-02-02T17:00:00.000Z',
    });
  });

  it('escalates the missed resolution of an urgent ticket nobody answered, once, to leads only when unassigned', async () => {
    const urgent = await running.app.handoff!.tickets.create(
      input({ priority: 'urgent', category: 'security' }),
    );
    // Around the clock: 30 min and 4 h.
    expect(urgent.sla).toMatchObject({
      firstResponseDueAt: '2027-02-02T09:30:00.000Z',
      resolutionDueAt: '2027-02-02T13:00:00.000Z',
    });
    // Nobody is assigned: the reminder goes to leads (no assignee on the event).
    now = Date.parse('2027-02-02T09:25:00.000Z');
    await pass();
    const reminders = (await events('sla.reminder')).filter((e) => e.ticketId === urgent.id);
    expect(reminders).toEqual([expect.not.objectContaining({ assigneeId: expect.anything() })]);
    // The app was down until long after both due times: one escalation, for the resolution.
    now = Date.parse('2027-02-02T14:00:00.000Z');
    await pass();
    await pass();
    const breaches = (await events('sla.breached')).filter((e) => e.ticketId === urgent.id);
    expect(breaches).toEqual([
      expect.objectContaining({ target: 'resolution', dueAt: '2027-02-02T13:00:00.000Z' }),
    ]);
    const stored = await running.app.handoff!.tickets.get(urgent.id);
    expect(stored?.sla).toMatchObject({ breachedFor: 'resolution', breachedAt: '2027-02-02T14:00:00.000Z' });
    expect(stored?.history?.filter((h) => h.change === 'sla').map((h) => h.to)).toEqual([
      'first response reminder',
      'resolution target missed',
    ]);
  });

  it('a resolved ticket is neither reminded nor escalated', async () => {
    now = Date.parse('2027-02-03T09:00:00.000Z');
    const done = await running.app.handoff!.tickets.create(input({ priority: 'high' }));
    await running.app.handoff!.tickets.resolve(done.id, { note: 'fixed', category: 'network', by: 'Flo' });
    now = Date.parse('2027-02-10T09:00:00.000Z');
    await pass();
    expect((await events('sla.breached')).filter((e) => e.ticketId === done.id)).toEqual([]);
    expect((await events('sla.reminder')).filter((e) => e.ticketId === done.id)).toEqual([]);
  });

  it('a technician claiming the hand-over of a web chat user is the first response', async () => {
    now = Date.parse('2027-02-09T09:00:00.000Z'); // Tuesday 10:00 Berlin
    const { token } = await running.app.handoff!.technicians.create({
      name: 'Jo Claim',
      role: 'technician',
      languages: ['en'],
      // Every queue's hand-overs reach Jo, whatever topic the bot files it under.
      skills: ['*'],
      availability: 'online',
    });
    const user = await DirectLineUser.start(running.url);
    const desk = new ConsoleClient(running.url, token);
    try {
      await user.say('talk to a person');
      await user.waitForBot(/what's the problem, in a sentence\?/);
      await user.say('The VPN client shows error 809 since this morning');
      const queued = /I've opened ticket \*\*HD-\d+\*\*/;
      const asked = await user.waitForBot(new RegExp(`${queued.source}|is it about \\*\\*`));
      if (!queued.test(asked)) await user.say('yes');
      await user.waitForBot(queued);
      const [entry] = (await desk.queue()).entries;
      const waiting = await running.app.handoff!.tickets.get(entry!.handoff.ticketId);
      expect(waiting?.sla?.firstResponseDueAt).toBeDefined();
      expect(waiting?.sla?.firstRespondedAt).toBeUndefined();
      now = Date.parse('2027-02-09T09:20:00.000Z');
      await desk.claim(entry!.handoff.id);
      await running.app.idle();
      const claimed = await running.app.handoff!.tickets.get(entry!.handoff.ticketId);
      expect(claimed?.sla?.firstRespondedAt).toBe('2027-02-09T09:20:00.000Z');
    } finally {
      user.close();
      await desk.dispose();
    }
  });

  it('a fix by the bot the user takes back a day later is due a first response from then, not at once', async () => {
    now = Date.parse('2027-02-16T09:00:00.000Z'); // Tuesday 10:00 Berlin
    const tickets = running.app.handoff!.tickets;
    const fixed = await tickets.create(input({ status: 'new', origin: 'bot-resolved' }));
    const byBot = { source: 'article' as const, ref: 'vpn-connection-problems' };
    await tickets.resolve(fixed.id, {
      note: 'Resolved by the bot',
      category: 'network',
      by: 'FirstLine',
      byBot,
    });
    now = Date.parse('2027-02-17T09:00:00.000Z'); // Wednesday 10:00: "it broke again, get me a person"
    const handedOver = await tickets.handOver(
      fixed.id,
      input({ conversationId: fixed.conversationId, origin: 'user asked for a person' }),
    );
    // Four working hours from the hand-over (14:00 Berlin), not from Tuesday's chat.
    expect(handedOver.sla?.firstResponseDueAt).toBe('2027-02-17T13:00:00.000Z');
    now = Date.parse('2027-02-17T10:00:00.000Z');
    await pass();
    expect((await events('sla.breached')).filter((e) => e.ticketId === fixed.id)).toEqual([]);
    expect((await events('sla.reminder')).filter((e) => e.ticketId === fixed.id)).toEqual([]);
  });
});
