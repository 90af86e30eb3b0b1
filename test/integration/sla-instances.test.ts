import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FakeTeamsConnector } from '../helpers/fake-teams-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { ConsoleClient } from '../helpers/instances';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';
import type { SlaPass } from '../../src/sla';
import type { Technician } from '../../src/technicians';
import type { NewTicket, Ticket, TicketActor } from '../../src/tickets';

const target = resolveMongoTarget();
const SUITE = 'sla-instances';
const CHANNEL = '19:5f4e3d2c1b0a99887766aabb9d8c7b6a@thread.tacv2';
const TENANT = 'b3a1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
/** The lease lasts two check intervals of the app's clock; the real timers never fire in the test's time. */
const CHECK_SECONDS = 600;

jest.setTimeout(180_000);

/**
 * Issue 14's acceptance: an SLA reminder fires exactly once with two instances on one FerretDB,
 * under a controllable clock. Both instances share the clock and run their passes at the same
 * moments; the shipped support.yaml counts a normal ticket's 4 h first response in Berlin hours.
 */
if (mongoTestsEnabled(target, SUITE)) {
  describe(`SLA reminders and escalations across two instances (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    // Monday 1 February 2027, 09:00 in Berlin: the desk is open (the test never reads today's date).
    let now = Date.parse('2027-02-01T08:00:00.000Z');
    const clock = () => new Date(now);
    const connector = new FakeTeamsConnector();
    let mongo: RunningMongo;
    let a: RunningApp;
    let b: RunningApp;
    let flo: ConsoleClient;
    let lea: ConsoleClient;
    let floActor: TicketActor;
    let maxId: string;
    let leaId: string;
    let ticket: Ticket;

    const bothIdle = async () => {
      await a.app.idle();
      await b.app.idle();
      await a.app.idle();
    };
    /** Both instances' passes at once, several times over, as their timers would. */
    const passesOnBoth = async (): Promise<SlaPass[]> => {
      const passes: SlaPass[] = [];
      for (let round = 0; round < 3; round++) {
        passes.push(...(await Promise.all([a.app.sla!.runNow(), b.app.sla!.runNow()])));
      }
      await bothIdle();
      return passes;
    };
    const slaEvents = async (type: string) =>
      (await a.app.storage.events.list('console', 0, 1000)).filter((e) => e.event.type === type);
    const slaCards = (headline: RegExp) =>
      connector.threads.filter((t) => headline.test(JSON.stringify(t.parameters.activity ?? {})));

    beforeAll(async () => {
      mongo = await startMongoTarget(target);
      const serviceUrl = await connector.start();
      const env = {
        MONGODB_URI: mongo.uri,
        MONGODB_DB: `firstline_sla_${randomBytes(4).toString('hex')}`,
        SUPPORT_CONFIG_FILE: path.join(__dirname, '../../content/support.yaml'),
        // The passes in this test are the ones it runs; the timers stay out of the way.
        SLA_CHECK_SECONDS: String(CHECK_SECONDS),
        TEAMS_TECHNICIANS_CHANNEL_ID: CHANNEL,
        TEAMS_TECHNICIANS_SERVICE_URL: serviceUrl,
        TEAMS_TENANT_ID: TENANT,
      };
      a = await startApp(env, undefined, clock);
      b = await startApp(env, undefined, clock);
      const technicians = a.app.handoff!.technicians;
      const floCreated = await technicians.create({ name: 'Flo Berger', role: 'technician' });
      const leaCreated = await technicians.create({ name: 'Lea Schmidt', role: 'lead' });
      floActor = { kind: 'technician', id: floCreated.technician.id, name: 'Flo Berger' };
      maxId = (await technicians.create({ name: 'Max Weber', role: 'technician' })).technician.id;
      leaId = leaCreated.technician.id;
      flo = new ConsoleClient(b.url, floCreated.token);
      lea = new ConsoleClient(a.url, leaCreated.token);
      await flo.openFeed();
      await lea.openFeed();
    }, 170_000);

    afterAll(async () => {
      await flo?.dispose();
      await lea?.dispose();
      await a?.stop();
      await b?.stop();
      await connector.stop();
      await mongo?.stop();
    });

    it('gives a new ticket its due times in working hours, and new ones when its priority changes', async () => {
      const input: NewTicket = {
        conversationId: 'sla-conversation',
        channelId: 'directline',
        user: { id: 'sla-user', name: 'Ana' },
        language: 'en',
        category: 'printer',
        priority: 'high',
        // Routed to technicians with the printer queue's skill, which Max lacks.
        skills: ['workplace'],
        problem: 'The printer on floor 3 jams',
        facts: {},
        stepsTried: [],
        articlesSuggested: [],
        origin: 'flow-ticket',
      };
      const created = await a.app.handoff!.tickets.create(input);
      // High: first response in 1 h, resolution in 8 h (Monday 09:00 → 17:00 Berlin).
      expect(created.sla).toMatchObject({
        firstResponseDueAt: '2027-02-01T09:00:00.000Z',
        resolutionDueAt: '2027-02-01T16:00:00.000Z',
      });
      const lead: TicketActor = { kind: 'technician', id: 'lead', name: 'Lea Schmidt' };
      await b.app.handoff!.tickets.setPriority(created.id, 'normal', lead, 'not blocking anyone');
      // Normal: 4 h and 24 h of working time; a lead assigning Flo is no first response.
      ticket = await b.app.handoff!.tickets.assign(
        created.id,
        { id: floActor.id!, name: 'Flo Berger' },
        lead,
      );
      expect(ticket.sla).toEqual({
        firstResponseDueAt: '2027-02-01T12:00:00.000Z',
        resolutionDueAt: '2027-02-03T12:00:00.000Z',
        // 80 % of 4 h: Monday 12:12 Berlin.
        remindAt: '2027-02-01T11:12:00.000Z',
        dueAt: '2027-02-01T12:00:00.000Z',
      });
    });

    it('reminds nobody before the reminder time', async () => {
      now = Date.parse('2027-02-01T11:11:00.000Z');
      const passes = await passesOnBoth();
      expect(passes.filter((p) => p.ran).length).toBeGreaterThan(0);
      expect(await slaEvents('sla.reminder')).toHaveLength(0);
    });

    it('fires the reminder exactly once whichever instance holds the lease, and records it', async () => {
      now = Date.parse('2027-02-01T11:13:00.000Z');
      const first = await passesOnBoth();
      // One instance holds the lease: of each pair of concurrent passes, one ran.
      expect(first.filter((p) => p.ran)).toHaveLength(3);
      const holderIsA = first[0]?.ran === true;
      // Past the lease's time (two check intervals) the other instance takes over; nothing fires again.
      now += 3 * CHECK_SECONDS * 1000;
      const takeover = await (holderIsA ? b : a).app.sla!.runNow();
      expect(takeover.ran).toBe(true);
      const second = await passesOnBoth();
      expect([...first, takeover, ...second].reduce((sum, p) => sum + p.reminded, 0)).toBeLessThanOrEqual(1);
      const events = await slaEvents('sla.reminder');
      expect(events).toHaveLength(1);
      expect(events[0]?.event).toMatchObject({
        ticketNumber: ticket.number,
        target: 'first-response',
        dueAt: '2027-02-01T12:00:00.000Z',
        dueLocal: 'Mon 1 Feb, 13:00 (Europe/Berlin)',
        assigneeId: floActor.id,
      });
      const stored = await a.app.handoff!.tickets.get(ticket.id);
      expect(stored?.sla).toMatchObject({
        remindedAt: '2027-02-01T11:13:00.000Z',
        remindedFor: 'first-response',
      });
      expect(stored?.history?.filter((h) => h.change === 'sla')).toEqual([
        expect.objectContaining({
          to: 'first response reminder',
          by: expect.objectContaining({ kind: 'system' }),
        }),
      ]);
      // The assignee's console (on the other instance) shows it live; the Teams channel gets one card.
      await flo.waitFor('the reminder', (seen) => seen.some((e) => e.type === 'sla.reminder'));
      await connector.waitFor('the reminder card', () => slaCards(/first response due soon/)[0]);
      await bothIdle();
      expect(slaCards(/first response due soon/)).toHaveLength(1);
      expect(flo.events.filter((e) => e.type === 'sla.reminder')).toHaveLength(1);
      // Addressed to the assignee (and leads): another technician's console does not get it.
      const reminder = events[0]!.event;
      const mayReceive = async (who: Technician) => a.app.handoff!.desk.access.eventFilter(who)(reminder);
      const technicians = a.app.handoff!.technicians;
      expect(await mayReceive((await technicians.get(floActor.id!))!)).toBe(true);
      expect(await mayReceive((await technicians.get(maxId))!)).toBe(false);
      expect(await mayReceive((await technicians.get(leaId))!)).toBe(true);
    });

    it('escalates to leads once when the first response is missed', async () => {
      now = Date.parse('2027-02-01T12:00:30.000Z');
      await passesOnBoth();
      await passesOnBoth();
      expect(await slaEvents('sla.breached')).toHaveLength(1);
      await lea.waitFor('the escalation', (seen) => seen.some((e) => e.type === 'sla.breached'));
      await connector.waitFor('the escalation card', () => slaCards(/First response target missed/)[0]);
      await bothIdle();
      expect(slaCards(/First response target missed/)).toHaveLength(1);
      const stored = await b.app.handoff!.tickets.get(ticket.id);
      expect(stored?.sla).toMatchObject({
        breachedAt: '2027-02-01T12:00:30.000Z',
        breachedFor: 'first-response',
      });
    });

    it("after Flo's reply the resolution runs, paused while the ticket waits for the user", async () => {
      now = Date.parse('2027-02-01T12:30:00.000Z');
      await a.app.handoff!.tickets.reply(ticket.id, floActor, 'Which tray is it?');
      let stored = await a.app.handoff!.tickets.transition(ticket.id, 'pending', floActor, 'asked the user');
      expect(stored.sla).toMatchObject({
        firstRespondedAt: '2027-02-01T12:30:00.000Z',
        resolutionDueAt: '2027-02-03T12:00:00.000Z',
        pausedAt: '2027-02-01T12:30:00.000Z',
      });
      // Past the resolution due time while pending: no breach, the clock is stopped.
      now = Date.parse('2027-02-04T08:00:00.000Z');
      expect((await passesOnBoth()).reduce((sum, p) => sum + p.breached + p.reminded, 0)).toBe(0);
      // Back to work on Thursday 09:00: the due time moves on by the working time spent waiting.
      stored = await b.app.handoff!.tickets.transition(ticket.id, 'open', floActor, 'the user answered');
      expect(stored.sla?.pausedAt).toBeUndefined();
      // Waiting Monday 13:30-18:00, Tuesday, Wednesday and Thursday 08:00-09:00 (4.5 + 10 + 10 + 1
      // working hours) moves Wednesday 13:00 Berlin by 25 h 30 min: 5 h that Wednesday, 10 on
      // Thursday, 8 on Friday (it closes at 16:00), then Monday 8 February 10:30 Berlin.
      expect(stored.sla?.resolutionDueAt).toBe('2027-02-08T09:30:00.000Z');
    });
  });
}
