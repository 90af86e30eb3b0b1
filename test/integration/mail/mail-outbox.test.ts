import type { OutboxMail } from '../../../src/mail';
import { freePort } from '../../helpers/firstline-process';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

jest.setTimeout(120_000);

const target = resolveGreenMail();
const describeMail = greenMailTestsEnabled(target, 'mail outbox against GreenMail')
  ? describe
  : describe.skip;
const user = { address: 'ana@example.test', password: 'ana-pw' };
const MINUTE = 60_000;
const DAY = 86_400_000;
const ADMIN_TOKEN = 'admin-token-for-mail-outbox-tests-0123456789';

function notice(subject: string) {
  return { to: user.address, subject, text: 'Your ticket HD-1001 was answered.', html: '<p>Answered.</p>' };
}

describeMail('the mail outbox through the real app, with the SMTP server down and back', () => {
  let now = Date.parse('2027-05-03T08:00:00.000Z');
  const clock = () => new Date(now);
  let smtpPort: number;
  let running: RunningApp;
  let greenMail: RunningGreenMail | undefined;

  beforeAll(async () => {
    // Nothing listens on the port yet: the SMTP server is down when the e-mail is sent.
    smtpPort = await freePort();
    running = await startApp(
      {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'IT Service Desk <helpdesk@example.test>',
        // The job's own timer never fires during the test: passes run when the test says.
        MAIL_OUTBOX_INTERVAL_SECONDS: '3600',
        MAIL_RETRY_BASE_SECONDS: '60',
        MAIL_SEND_ATTEMPTS: '4',
        MAIL_OUTBOX_RETENTION_DAYS: '14',
        ADMIN_TOKEN,
      },
      undefined,
      clock,
    );
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await greenMail?.stop();
  });

  const rows = () => running.app.mailOutbox!.outbox.all();

  it('keeps an e-mail the server could not take and sends it exactly once when the server is back', async () => {
    const sent = await running.app.mail!.send(notice('HD-1001: a technician replied'));
    const [queued] = await rows();
    expect(queued).toMatchObject<Partial<OutboxMail>>({ state: 'pending', attempts: 1 });
    expect(queued?.message.messageId).toBe(sent.messageId);
    expect(queued?.lastError).toBeDefined();
    expect(queued?.lastError).not.toContain(user.address);

    // The server comes up, but the backoff (60 s after the first failure) has not passed yet.
    greenMail = await startGreenMail(target, [user], { smtpPort });
    expect(await running.app.mailOutbox!.job.runNow()).toMatchObject({ sent: 0, retried: 0 });
    now += 59_000;
    expect(await running.app.mailOutbox!.job.runNow()).toMatchObject({ sent: 0, retried: 0 });

    now += 1000;
    expect(await running.app.mailOutbox!.job.runNow()).toMatchObject({ sent: 1 });
    const received = await greenMail.waitForMessage(user, (mail) => mail.messageId === sent.messageId);
    expect(received.subject).toBe('HD-1001: a technician replied');

    // Later passes find nothing more to send.
    now += DAY;
    expect(await running.app.mailOutbox!.job.runNow()).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    await running.app.idle();
    const inbox = await greenMail.inbox(user);
    expect(inbox.filter((mail) => mail.messageId === sent.messageId)).toHaveLength(1);
    expect((await rows()).map((row) => [row.state, row.attempts])).toEqual([['sent', 2]]);
  });

  it('sends at once while the server is up, without waiting for the job', async () => {
    const sent = await running.app.mail!.send(notice('HD-1002: resolved'));
    await greenMail!.waitForMessage(user, (mail) => mail.messageId === sent.messageId);
    const row = (await rows()).find((r) => r.message.messageId === sent.messageId);
    expect(row).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('backs off exponentially, gives up after MAIL_SEND_ATTEMPTS, and deletes finished rows after the retention', async () => {
    await greenMail!.stop();
    greenMail = undefined;
    const sent = await running.app.mail!.send(notice('HD-1003: waiting for you'));
    const row = async () => (await rows()).find((r) => r.message.messageId === sent.messageId);
    const job = running.app.mailOutbox!.job;
    // Waits after failures 1, 2, 3: 1, 2 and 4 minutes; attempt 4 is the last.
    for (const [waitMs, attempts] of [
      [MINUTE, 2],
      [2 * MINUTE, 3],
    ] as const) {
      now += waitMs - 1000;
      expect(await job.runNow()).toMatchObject({ retried: 0 });
      now += 1000;
      expect(await job.runNow()).toMatchObject({ retried: 1 });
      expect(await row()).toMatchObject({ state: 'pending', attempts });
    }
    now += 4 * MINUTE;
    expect(await job.runNow()).toMatchObject({ failed: 1 });
    expect(await row()).toMatchObject({ state: 'failed', attempts: 4 });
    now += DAY;
    expect(await job.runNow()).toMatchObject({ sent: 0, retried: 0, failed: 0 });

    // Fourteen days after they were queued, sent and given-up rows are gone.
    expect(await rows()).toHaveLength(3);
    now += 14 * DAY;
    expect(await job.runNow()).toMatchObject({ purged: 3 });
    expect(await rows()).toHaveLength(0);
  });

  it("a privacy erasure deletes the e-mails still kept for the user, by their ticket's address", async () => {
    // The server is still down: both e-mails wait in the outbox.
    await running.app.handoff!.tickets.create({
      conversationId: 'outbox-privacy',
      channelId: 'directline',
      user: { id: 'dl_ana_outbox', name: 'Ana', email: user.address },
      language: 'en',
      category: 'general',
      priority: 'normal',
      skills: [],
      problem: 'Outlook keeps crashing',
      facts: {},
      stepsTried: [],
      articlesSuggested: [],
      origin: 'test',
    });
    await running.app.mail!.send(notice('HD-1004: a technician replied'));
    await running.app.mail!.send({ ...notice('HD-1005: resolved'), to: 'zoe@example.test' });
    const request = (kind: 'export' | 'delete') =>
      fetch(`${running.url}/api/admin/privacy/${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ userId: 'dl_ana_outbox' }),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as {
          data?: { mailOutbox?: OutboxMail[] };
          counts?: Record<string, number>;
        },
      }));

    const exported = await request('export');
    expect(exported.status).toBe(200);
    expect(exported.body.data?.mailOutbox?.map((row) => row.message.subject)).toEqual([
      'HD-1004: a technician replied',
    ]);
    const erased = await request('delete');
    expect(erased.status).toBe(200);
    expect(erased.body.counts?.mailOutbox).toBe(1);
    expect((await rows()).map((row) => row.message.to)).toEqual(['zoe@example.test']);
  });
});
