import type { StoredDigest } from '../../../src/digest';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { FakeConnector, teamsPoster } from '../../helpers/fake-connector';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { api } from '../../unit/console/console-harness';
import { WebChatUser } from '../conversation/web-chat-user';

jest.setTimeout(180_000);

const target = resolveGreenMail();
const lead = { address: 'lea.lead@example.test', password: 'lea-pw' };
// Two leads whose technician settings name their address and languages: each reads it in theirs.
const jonas = { address: 'jonas.weber@example.test', password: 'jonas-pw' };
const ola = { address: 'ola.nowak@example.test', password: 'ola-pw' };

/**
 * The weekly improvement digest under the test's clock: built once per ended week by the leased
 * job, compared with the week before, e-mailed once to the leads through a real SMTP server
 * (GreenMail) and served to leads in the console.
 */
if (greenMailTestsEnabled(target, 'weekly digest')) {
  describe('weekly improvement digest', () => {
    // Tuesday 16 February 2027: the week of 15 February.
    let now = Date.parse('2027-02-16T10:00:00.000Z');
    const clock = () => new Date(now);
    let greenMail: RunningGreenMail;
    let running: RunningApp;
    const connector = new FakeConnector();
    let serviceUrl: string;

    const chat = async (...lines: string[]) => {
      const user = await WebChatUser.start(running.url);
      for (const line of lines) await user.say(line);
      user.end();
      await running.app.idle();
    };
    const digests = () => running.app.storage.collection<StoredDigest>('digests').find();

    beforeAll(async () => {
      greenMail = await startGreenMail(target, [lead, jonas, ola]);
      serviceUrl = await connector.start();
      running = await startApp(
        {
          SMTP_URL: greenMail.smtpUrl,
          MAIL_FROM: 'FirstLine <firstline@example.test>',
          DIGEST_RECIPIENTS: [lead.address, jonas.address, ola.address].join(','),
        },
        undefined,
        clock,
      );
      // Jonas is added by an admin through the console API (his address as he typed it), Ola by
      // the operator; Lea's address belongs to no technician, so hers is in the default language.
      const technicians = running.app.handoff!.technicians;
      const { token: admin } = await technicians.create({ name: 'Ada Admin', role: 'admin' });
      const url = `${running.url}/api/console/technicians`;
      const bad = await api(url, admin, 'POST', {
        name: 'Jonas Weber',
        role: 'lead',
        email: 'jonas at example',
      });
      expect(bad.status).toBe(400);
      const added = await api(url, admin, 'POST', {
        name: 'Jonas Weber',
        role: 'lead',
        languages: ['de', 'en'],
        email: 'Jonas.Weber@EXAMPLE.test',
      });
      expect(added).toMatchObject({ status: 201, body: { technician: { email: jonas.address } } });
      await technicians.create({
        name: 'Ola Nowak',
        role: 'lead',
        languages: ['pl', 'en'],
        email: ola.address,
      });
    }, 90_000);

    afterAll(async () => {
      await running?.stop();
      await greenMail?.stop();
      await connector.stop();
    });

    it('is built once per ended week, compared with the week before, and mailed to the leads once', async () => {
      await chat('my vpn does not connect', 'the VPN guide was useless');

      // Wednesday 24 February: the week of 15 February has ended; it is built and mailed now.
      now = Date.parse('2027-02-24T10:00:00.000Z');
      await chat('my vpn does not connect', 'the VPN guide was useless');
      await chat('qwx zzv vvq xkk');
      // The same Teams user with two problems in two conversations: a repeat contact.
      for (const id of ['a:digest-teams-1', 'a:digest-teams-2']) {
        const conversation = { id, conversationType: 'personal', tenantId: 'tenant-1' };
        const post = teamsPoster(running.url, serviceUrl, conversation);
        expect(await post(id.endsWith('1') ? 'my printer is jammed' : 'my outlook keeps crashing')).toBe(200);
        await running.app.idle();
      }
      expect(await running.app.digest.job.runNow()).toEqual({ built: '2027-02-15', mailed: 3 });
      // Another pass in the same week: nothing new, nothing mailed again.
      expect(await running.app.digest.job.runNow()).toEqual({ mailed: 0 });

      // Monday 1 March, 00:30: the week of 22 February has ended.
      now = Date.parse('2027-03-01T00:30:00.000Z');
      expect(await running.app.digest.job.runNow()).toEqual({ built: '2027-02-22', mailed: 3 });
      expect(await running.app.digest.job.runNow()).toEqual({ mailed: 0 });

      const [first, second] = (await digests()).sort((a, b) => a.week.localeCompare(b.week));
      expect(first).toMatchObject({
        week: '2027-02-15',
        mail: 'sent',
        totals: { cases: 1, negativeFeedback: 1 },
      });
      expect(second).toMatchObject({
        week: '2027-02-22',
        from: '2027-02-22T00:00:00.000Z',
        to: '2027-03-01T00:00:00.000Z',
        mail: 'sent',
        totals: { repeatUsers: 1, negativeFeedback: 1 },
        previous: { cases: 1, repeatUsers: 0, negativeFeedback: 1 },
        feedbackByTopic: [{ topic: 'network.vpn', count: 1 }],
      });
      expect(second!.totals.cases).toBeGreaterThanOrEqual(4);
      expect(second!.totals.unanswered).toBeGreaterThanOrEqual(1);
      const cases = second!.changes.find((c) => c.metric === 'cases');
      expect(cases).toMatchObject({ before: 1, delta: second!.totals.cases - 1 });
      expect(second!.changes.find((c) => c.metric === 'repeatUsers')).toMatchObject({
        now: 1,
        before: 0,
        delta: 1,
        direction: 'worse',
      });

      const inbox = await greenMail.inbox(lead);
      expect(inbox.map((m) => m.subject)).toEqual([
        'FirstLine weekly digest: week of 2027-02-15',
        'FirstLine weekly digest: week of 2027-02-22',
      ]);
      const mail = inbox[1]!;
      expect(mail.text).toContain('What changed since last week');
      expect(mail.text).toContain('Users who came back with another problem: 1 (+1, worse)');
      expect(mail.text).toContain('network.vpn: 1');
      expect(mail.html).toContain('<h2>Top knowledge gaps</h2>');
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

      // The same digest in German and in Polish for the leads whose settings say so.
      const german = await greenMail.inbox(jonas);
      expect(german.map((m) => m.subject)).toEqual([
        'FirstLine-Wochenbericht: Woche ab 2027-02-15',
        'FirstLine-Wochenbericht: Woche ab 2027-02-22',
      ]);
      expect(german[1]!.text).toContain('Was sich gegenüber der Vorwoche geändert hat');
      expect(german[1]!.text).toContain(
        'Nutzer, die mit einem weiteren Problem wiederkamen: 1 (+1, schlechter)',
      );
      expect(german[1]!.text).toContain('network.vpn: 1');
      expect(german[1]!.html).toContain('<h2>Größte Wissenslücken</h2>');
      expect(german[1]!.text).not.toMatch(/What changed|questions|escalated/);
      const polish = await greenMail.inbox(ola);
      expect(polish.map((m) => m.subject)).toEqual([
        'Tygodniowe podsumowanie FirstLine: tydzień od 2027-02-15',
        'Tygodniowe podsumowanie FirstLine: tydzień od 2027-02-22',
      ]);
      expect(polish[1]!.text).toContain('Użytkownicy, którzy wrócili z kolejnym problemem: 1 (+1, gorzej)');
      expect(polish[1]!.html).toContain('<h2>Negatywne opinie według tematu</h2>');
    });

    it('is served to leads and admins in the console, by week', async () => {
      const technicians = running.app.handoff!.technicians;
      const { token: leadToken } = await technicians.create({ name: 'Lea', role: 'lead' });
      const { token: techToken } = await technicians.create({ name: 'Tom', role: 'technician' });
      const url = `${running.url}/api/console/digest`;
      expect((await api(url, undefined, 'GET')).status).toBe(401);
      expect((await api(url, techToken, 'GET')).status).toBe(403);
      const newest = await api(url, leadToken, 'GET');
      expect(newest.status).toBe(200);
      expect(newest.body).toMatchObject({
        digest: { week: '2027-02-22' },
        weeks: ['2027-02-22', '2027-02-15'],
        preview: false,
      });
      expect(newest.body.digest).not.toHaveProperty('mail');
      expect((await api(`${url}?week=2027-02-15`, leadToken, 'GET')).body).toMatchObject({
        digest: { week: '2027-02-15' },
      });
      expect((await api(`${url}?week=2027-01-04`, leadToken, 'GET')).status).toBe(404);
      expect((await api(`${url}?week=last`, leadToken, 'GET')).status).toBe(400);
    });
  });
}
