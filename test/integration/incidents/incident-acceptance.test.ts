import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import { shown } from '../conversation/web-chat-user';
import type { Incident } from '../../../src/incidents';
import type { Ticket } from '../../../src/tickets';
import {
  CHECK_SECONDS,
  MINUTE,
  consoleApi,
  report,
  startIncidentApp,
  type IncidentWorld,
} from './incident-helpers';

jest.setTimeout(120_000);

const OUTLOOK = "Outlook won't start";

/**
 * Issue 16's incident acceptance on the real app (SQLite), under a controllable clock: 15 reports
 * of one topic within 10 minutes over a quiet baseline raise exactly one suspected incident; after
 * a lead confirms it, a new user with that problem is told the status in their language; resolving
 * it tells the linked users and resolves their tickets.
 */
describe('incidents: spike to suspected incident, confirmation, known-problem notice, resolution', () => {
  // Monday 2 June 2031, 08:00 UTC (the test never reads today's date).
  let now = Date.parse('2031-06-02T08:00:00.000Z');
  const clock = () => new Date(now);
  const connector = new FakeTeamsConnector();
  let w: IncidentWorld;
  let incident: Incident;

  const runPass = async () => {
    const pass = await w.running.app.incidents!.detector.runNow();
    await w.running.app.idle();
    return pass;
  };
  const incidents = async () => w.running.app.storage.collection<Incident>('incidents').find({});
  const events = async (type: string) =>
    (await w.running.app.storage.events.list('console', 0, 5000)).filter((e) => e.event.type === type);

  beforeAll(async () => {
    const serviceUrl = await connector.start();
    w = await startIncidentApp(clock, serviceUrl);
  });
  afterAll(async () => {
    await w?.running.stop();
    await connector.stop();
  });

  it('raises nothing from a quiet baseline: a few problems an hour, Outlook among them', async () => {
    const quiet = ['my printer is jammed', OUTLOOK, 'I forgot my password', 'the wifi keeps dropping'];
    for (let hour = 0; hour < 8; hour++) {
      const { user } = await report(w.running.url, quiet[hour % quiet.length]!);
      user.end();
      now += 60 * MINUTE;
      expect((await runPass()).raised).toBe(0);
    }
    // Nine reports in ten minutes are still under INCIDENTS_MIN_CASES.
    for (let i = 0; i < 9; i++) {
      const { user, said } = await report(w.running.url, OUTLOOK);
      expect(said).not.toMatch(/known problem/);
      user.end();
      now += 30_000;
    }
    const pass = await runPass();
    expect(pass).toMatchObject({ ran: true, raised: 0 });
    expect(pass.cases).toBeGreaterThanOrEqual(17);
    expect(await incidents()).toEqual([]);
  });

  it('raises exactly one suspected incident when 15 reports arrive within 10 minutes, however often it looks', async () => {
    for (let i = 0; i < 6; i++) {
      const { user } = await report(w.running.url, OUTLOOK);
      user.end();
      now += 30_000;
    }
    const passes = [await runPass(), await runPass()];
    // Past the lease (two check intervals) the detector runs again on the same cases: still one.
    now += 3 * CHECK_SECONDS * 1000 - 10 * MINUTE;
    passes.push(await runPass());
    expect(passes.map((p) => p.raised)).toEqual([1, 0, 0]);
    const all = await incidents();
    expect(all).toHaveLength(1);
    incident = all[0]!;
    expect(incident).toMatchObject({
      number: 'INC-1',
      status: 'suspected',
      topic: 'email.outlook',
      source: 'detector',
      spike: { recent: 15, windowMinutes: 10, baselineHours: 24 },
    });
    expect(incident.spike!.baseline).toBeLessThanOrEqual(2);
    expect(incident.links).toHaveLength(15);
    // In the console's stream (the live feed) and as one card in the technicians' Teams channel.
    expect(await events('incident.suspected')).toHaveLength(1);
    const card = await connector.waitFor('the incident card', () =>
      connector.threads.find((t) =>
        JSON.stringify(t.parameters.activity ?? {}).includes('Suspected incident INC-1'),
      ),
    );
    expect(JSON.stringify(card.parameters.activity)).toContain('email.outlook');
    expect(
      connector.threads.filter((t) => JSON.stringify(t.parameters.activity ?? {}).includes('INC-1')),
    ).toHaveLength(1);
    // Technicians read it; the list is what the console's Incidents panel shows.
    const listed = await consoleApi(
      w.running.url,
      w.technician,
      'GET',
      '/api/console/incidents?status=suspected',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.incidents).toEqual([
      expect.objectContaining({ id: incident.id, status: 'suspected' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('reference');
  });

  it('tells a new user the status in their language once a lead has confirmed it', async () => {
    // Suspected only: nobody is told yet.
    const early = await report(w.running.url, OUTLOOK);
    expect(early.said).not.toMatch(/known problem/);
    early.user.end();
    const confirmed = await consoleApi(
      w.running.url,
      w.lead,
      'PATCH',
      `/api/console/incidents/${incident.id}`,
      {
        status: 'confirmed',
        statusMessages: {
          en: 'An Office update broke Outlook; we are rolling it back, expect a fix by 11:00.',
          de: 'Ein Office-Update hat Outlook beschädigt; wir nehmen es zurück, behoben bis etwa 11:00 Uhr.',
        },
      },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.incident).toMatchObject({
      status: 'confirmed',
      confirmedAt: clock().toISOString(),
    });

    const ana = await report(w.running.url, OUTLOOK);
    expect(ana.said).toContain('This is a known problem');
    expect(ana.said).toContain('we are rolling it back, expect a fix by 11:00');
    // The usual help follows the notice.
    expect(ana.said.split('\n').length).toBeGreaterThan(2);
    const jonas = await report(w.running.url, 'Outlook startet nicht mehr', 'de-DE');
    expect(jonas.said).toContain('Das ist ein bekanntes Problem');
    expect(jonas.said).toContain('wir nehmen es zurück');
    // "Nothing works" names nothing affected: the incident's topic is offered first (before the most
    // asked ones), and picking it tells the status before the usual help.
    const vague = await report(w.running.url, 'nothing works at all');
    expect(vague.said).toContain('Which of these is closest?');
    expect(vague.said).not.toContain('This is a known problem');
    expect(vague.said.match(/\[[^\]]+\]/g)?.slice(0, 3)).toEqual(['[Outlook]', '[VPN]', '[Password reset]']);
    const picked = (await vague.user.say('Outlook')).map(shown).join('\n');
    expect(picked).toContain('This is a known problem');
    expect(picked).toContain('we are rolling it back, expect a fix by 11:00');
    vague.user.end();
    // Ana asks for a person: her ticket is linked through her conversation.
    await ana.user.say('talk to a person');
    await ana.user.say('yes');
    await w.running.app.idle();
    const stored = (await incidents())[0]!;
    expect(stored.links.map((l) => l.conversationId)).toEqual(
      expect.arrayContaining([ana.user.conversationId, jonas.user.conversationId]),
    );
    const tickets = await w.running.app.storage
      .collection<Ticket>('tickets')
      .find({ where: { conversationId: ana.user.conversationId } });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.status).toBe('new');

    // Resolving tells every linked user in their conversation and resolves the linked ticket.
    now += 20 * MINUTE;
    const resolved = await consoleApi(
      w.running.url,
      w.lead,
      'PATCH',
      `/api/console/incidents/${incident.id}`,
      {
        status: 'resolved',
        statusMessages: {
          en: 'The update was rolled back; restart Outlook.',
          de: 'Das Update ist zurückgenommen; starten Sie Outlook neu.',
        },
      },
    );
    expect(resolved.status).toBe(200);
    await w.running.app.idle();
    const anaHeard = (await ana.user.newReplies()).map((a) => a.text ?? '').join('\n');
    expect(anaHeard).toContain('it has been fixed. The update was rolled back; restart Outlook.');
    const jonasHeard = (await jonas.user.newReplies()).map((a) => a.text ?? '').join('\n');
    expect(jonasHeard).toContain('Es ist behoben. Das Update ist zurückgenommen');
    const ticket = await w.running.app.handoff!.tickets.get(tickets[0]!.id);
    expect(ticket?.status).toBe('resolved');
    expect(ticket?.history?.at(-1)).toMatchObject({
      change: 'status',
      to: 'resolved',
      why: 'incident INC-1 resolved',
      by: { kind: 'system' },
    });
    const after = (await incidents())[0]!;
    expect(after.status).toBe('resolved');
    // The 15 reporters on the web chat are linked too and were told.
    expect(after.links.filter((l) => l.notified === 'delivered').length).toBeGreaterThanOrEqual(17);
    ana.user.end();
    jonas.user.end();
    // Resolved: the next user with that problem hears nothing of it, and no new incident is raised
    // from the cases that made the old one.
    const later = await report(w.running.url, OUTLOOK);
    expect(later.said).not.toMatch(/known problem/);
    later.user.end();
    expect((await runPass()).raised).toBe(0);
    expect(await events('incident.resolved')).toHaveLength(1);
  });
});
