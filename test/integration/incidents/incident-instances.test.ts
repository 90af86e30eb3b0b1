import { randomBytes } from 'node:crypto';
import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import type { RunningApp } from '../../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../../helpers/mongo-target';
import type { Incident } from '../../../src/incidents';
import { CHECK_SECONDS, consoleApi, report, startIncidentApp } from './incident-helpers';

const target = resolveMongoTarget();
const SUITE = 'incident-instances';

jest.setTimeout(180_000);

/**
 * Two instances on one FerretDB (MongoDB without transactions, $lookup or $facet) under one
 * controllable clock: a spike raises one suspected incident whichever instance passes, however
 * many times; and the console API's access checks (401, 403, 404, 400, 409).
 */
if (mongoTestsEnabled(target, SUITE)) {
  describe(`incidents across two instances (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let now = Date.parse('2031-06-02T08:00:00.000Z');
    const clock = () => new Date(now);
    const connector = new FakeTeamsConnector();
    let mongo: RunningMongo;
    let a: RunningApp;
    let b: RunningApp;
    let lead: string;
    let technician: string;

    const incidents = () => a.app.storage.collection<Incident>('incidents').find({});
    const bothIdle = async () => {
      await a.app.idle();
      await b.app.idle();
      await a.app.idle();
    };

    beforeAll(async () => {
      mongo = await startMongoTarget(target);
      const serviceUrl = await connector.start();
      const env = {
        MONGODB_URI: mongo.uri,
        MONGODB_DB: `firstline_incidents_${randomBytes(4).toString('hex')}`,
      };
      const first = await startIncidentApp(clock, serviceUrl, env);
      a = first.running;
      ({ lead, technician } = first);
      b = (await startIncidentApp(clock, serviceUrl, env)).running;
    }, 170_000);

    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await connector.stop();
      await mongo?.stop();
    });

    it('raises one suspected incident for 15 reports on both instances, however many passes run', async () => {
      for (let i = 0; i < 15; i++) {
        const { user } = await report((i % 2 ? a : b).url, 'The VPN does not connect');
        user.end();
        now += 30_000;
      }
      const passes = [];
      for (let round = 0; round < 3; round++)
        passes.push(
          ...(await Promise.all([a.app.incidents!.detector.runNow(), b.app.incidents!.detector.runNow()])),
        );
      // Past the lease the other instance takes over, and finds the incident raised.
      now += 3 * CHECK_SECONDS * 1000 - 10 * 60_000;
      passes.push(await a.app.incidents!.detector.runNow(), await b.app.incidents!.detector.runNow());
      await bothIdle();
      expect(passes.filter((p) => p.ran).length).toBeGreaterThanOrEqual(4);
      expect(passes.reduce((sum, p) => sum + p.raised, 0)).toBe(1);
      const all = await incidents();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ status: 'suspected', topic: 'network.vpn', spike: { recent: 15 } });
      const raised = (await a.app.storage.events.list('console', 0, 5000)).filter(
        (e) => e.event.type === 'incident.suspected',
      );
      expect(raised).toHaveLength(1);
      await connector.waitFor('the incident card', () =>
        connector.threads.find((t) =>
          JSON.stringify(t.parameters.activity ?? {}).includes('Suspected incident'),
        ),
      );
      await bothIdle();
      expect(
        connector.threads.filter((t) =>
          JSON.stringify(t.parameters.activity ?? {}).includes('Suspected incident'),
        ),
      ).toHaveLength(1);
    });

    it('lets technicians read, leads change, and nobody else in (401, 403, 404, 400, 409)', async () => {
      const [incident] = await incidents();
      const path = `/api/console/incidents/${incident!.id}`;
      const create = { title: 'Printers offline', topic: 'printer', status: 'suspected' };
      // Without credentials, or with a wrong token: 401 on every operation.
      for (const token of [undefined, 'flt_not-a-real-token']) {
        expect((await consoleApi(a.url, token, 'GET', '/api/console/incidents')).status).toBe(401);
        expect((await consoleApi(a.url, token, 'POST', '/api/console/incidents', create)).status).toBe(401);
        expect((await consoleApi(a.url, token, 'PATCH', path, { status: 'dismissed' })).status).toBe(401);
      }
      // A technician reads them (on the other instance too) but may not change them.
      const listed = await consoleApi(b.url, technician, 'GET', '/api/console/incidents');
      expect(listed.status).toBe(200);
      expect((listed.body.incidents as unknown[]).length).toBe(1);
      expect((await consoleApi(a.url, technician, 'POST', '/api/console/incidents', create)).status).toBe(
        403,
      );
      expect((await consoleApi(a.url, technician, 'PATCH', path, { status: 'dismissed' })).status).toBe(403);
      // Every technician reads the taxonomy's topics the form offers, labelled in their language.
      for (const token of [undefined, 'flt_not-a-real-token'])
        expect((await consoleApi(a.url, token, 'GET', '/api/console/topics')).status).toBe(401);
      const mine = await consoleApi(b.url, technician, 'GET', '/api/console/topics');
      const byId = new Map(
        (mine.body.topics as { id: string; label: string; labels: Record<string, string> }[]).map((t) => [
          t.id,
          t,
        ]),
      );
      expect(byId.get('printer')?.label).toBe(byId.get('printer')?.labels[mine.body.language as string]);
      const german = await consoleApi(a.url, technician, 'GET', '/api/console/topics?lang=de');
      expect(
        (german.body.topics as { id: string; label: string }[]).find((t) => t.id === 'printer'),
      ).toMatchObject({
        label: 'Drucker',
        owner: 'workplace-team',
      });
      expect((await consoleApi(a.url, technician, 'GET', '/api/console/topics?lang=fr')).status).toBe(400);
      // Unknown ids: 404.
      const unknown = await consoleApi(a.url, lead, 'PATCH', '/api/console/incidents/no-such-incident', {
        status: 'dismissed',
      });
      expect(unknown).toEqual({
        status: 404,
        body: { error: { code: 'NotFound', message: expect.any(String) } },
      });
      // Bad input: 400 naming what is wrong, nothing changed.
      for (const bad of [
        { status: 'confirmed' },
        { status: 'confirmed', statusMessages: { fr: 'Bonjour' } },
        { words: ['two words'] },
        { statusMessages: { en: 'x'.repeat(5000) } },
        { unknownField: true },
        // Not a topic of the taxonomy: no user's problem would ever match it.
        { topic: 'printing.printer' },
      ]) {
        const res = await consoleApi(a.url, lead, 'PATCH', path, bad);
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      }
      expect((await consoleApi(a.url, lead, 'GET', '/api/console/incidents?status=nonsense')).status).toBe(
        400,
      );
      expect(
        (await consoleApi(a.url, lead, 'POST', '/api/console/incidents', { title: 'No topic' })).status,
      ).toBe(400);
      const unknownTopic = await consoleApi(a.url, lead, 'POST', '/api/console/incidents', {
        ...create,
        topic: 'printing.printer',
      });
      expect(unknownTopic).toEqual({
        status: 400,
        body: {
          error: {
            code: 'BadArgument',
            message: expect.stringMatching(/"topic".*not a topic of the taxonomy/),
          },
        },
      });
      // A suspected incident cannot be resolved (confirm or dismiss it first); a stale version is refused.
      expect((await consoleApi(a.url, lead, 'PATCH', path, { status: 'resolved' })).status).toBe(409);
      expect((await consoleApi(a.url, lead, 'PATCH', path, { title: 'VPN down', version: 99 })).status).toBe(
        409,
      );
      expect((await incidents())[0]).toMatchObject({ status: 'suspected', version: incident!.version });
      // A lead dismisses it; a secret pasted into a status message is not stored.
      const dismissed = await consoleApi(a.url, lead, 'PATCH', path, {
        status: 'dismissed',
        statusMessages: { en: 'False alarm: the test VPN gateway, password Hunter2-Secret!9 was reset.' },
      });
      expect(dismissed.status).toBe(200);
      expect(dismissed.body.incident).toMatchObject({
        status: 'dismissed',
        closedBy: { kind: 'technician' },
      });
      expect(JSON.stringify(await incidents())).not.toContain('Hunter2-Secret!9');
      // A lead raises one by hand, confirmed with its status message.
      const created = await consoleApi(a.url, lead, 'POST', '/api/console/incidents', {
        ...create,
        status: 'confirmed',
        statusMessages: {
          en: 'The print server is down; we are on it.',
          pl: 'Serwer wydruku nie działa; pracujemy nad tym.',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.incident).toMatchObject({ number: 'INC-2', status: 'confirmed', source: 'lead' });
    });
  });
}
