import { randomBytes } from 'node:crypto';
import { freePort } from '../../helpers/firstline-process';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../../helpers/mongo-target';

jest.setTimeout(180_000);

const mongoTarget = resolveMongoTarget();
const mailTarget = resolveGreenMail();
const SUITE = 'mail-outbox-instances';
const user = { address: 'ben@example.test', password: 'ben-pw' };

/**
 * Two instances on one FerretDB retry the same outbox: each retry is claimed by a conditional write
 * on the row before the SMTP server is called, so the e-mail arrives once. The passes are called
 * side by side directly (not under the job's lease) so that the claim, not the lease, is tested;
 * then both jobs run too.
 */
if (mongoTestsEnabled(mongoTarget, SUITE) && greenMailTestsEnabled(mailTarget, SUITE)) {
  describe(`the mail outbox across two instances (${mongoTarget.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let now = Date.parse('2027-05-03T08:00:00.000Z');
    const clock = () => new Date(now);
    let mongo: RunningMongo;
    let smtpPort: number;
    let greenMail: RunningGreenMail | undefined;
    let a: RunningApp;
    let b: RunningApp;

    beforeAll(async () => {
      mongo = await startMongoTarget(mongoTarget);
      smtpPort = await freePort();
      const env = {
        MONGODB_URI: mongo.uri,
        MONGODB_DB: `firstline_outbox_${randomBytes(4).toString('hex')}`,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'IT Service Desk <helpdesk@example.test>',
        MAIL_OUTBOX_INTERVAL_SECONDS: '3600',
        MAIL_RETRY_BASE_SECONDS: '60',
      };
      a = await startApp(env, undefined, clock);
      b = await startApp(env, undefined, clock);
    });

    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await greenMail?.stop();
      await mongo?.stop();
    });

    it('sends an e-mail queued while the server was down exactly once, whichever instance retries it', async () => {
      const sent = await Promise.all(
        ['HD-2001', 'HD-2002', 'HD-2003'].map((ticket) =>
          a.app.mail!.send({
            to: user.address,
            subject: `${ticket}: resolved`,
            text: 'Resolved.',
            html: '<p>Resolved.</p>',
          }),
        ),
      );
      expect((await b.app.mailOutbox!.outbox.all()).map((row) => row.state)).toEqual([
        'pending',
        'pending',
        'pending',
      ]);

      greenMail = await startGreenMail(mailTarget, [user], { smtpPort });
      now += 60_000;
      const passes = await Promise.all([a.app.mailOutbox!.deliverDue(), b.app.mailOutbox!.deliverDue()]);
      expect(passes.reduce((n, pass) => n + pass.sent, 0)).toBe(3);
      now += 3600_000;
      await Promise.all([a.app.mailOutbox!.job.runNow(), b.app.mailOutbox!.job.runNow()]);
      await Promise.all([a.app.mailOutbox!.deliverDue(), b.app.mailOutbox!.deliverDue()]);
      await Promise.all([a.app.idle(), b.app.idle()]);

      for (const { messageId } of sent)
        await greenMail.waitForMessage(user, (mail) => mail.messageId === messageId);
      const received = (await greenMail.inbox(user)).map((mail) => mail.messageId);
      expect(received.sort()).toEqual(sent.map((s) => s.messageId).sort());
      expect((await a.app.mailOutbox!.outbox.all()).map((row) => [row.state, row.attempts])).toEqual([
        ['sent', 2],
        ['sent', 2],
        ['sent', 2],
      ]);
    });
  });
}
