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

const SUITE = 'mail outbox in the console';
const mailTarget = resolveGreenMail();
const mongoTarget = resolveMongoTarget();
const user = { address: 'ana@example.test', password: 'ana-pw' };
const SECRET = 'Tr0ub4dor&3xyz';

interface Listed {
  items: { id: string; to: string; subject: string; state: string; attempts: number; lastError?: string }[];
  counts: Record<string, number>;
  nextCursor?: string;
}

/**
 * The administrators' view of the mail outbox through the real app (its API, its outbox and job),
 * with the SMTP server down and then back, on SQLite and on MongoDB.
 */
function outboxViewSuite(backend: 'sqlite' | 'mongodb') {
  describe(`${SUITE} (${backend})`, () => {
    let now = Date.parse('2027-05-03T08:00:00.000Z');
    const clock = () => new Date(now);
    let mongo: RunningMongo | undefined;
    let smtpPort: number;
    let running: RunningApp;
    let greenMail: RunningGreenMail | undefined;
    let admin: string;
    let lead: string;
    let technician: string;

    beforeAll(async () => {
      smtpPort = await freePort();
      mongo = backend === 'mongodb' ? await startMongoTarget(mongoTarget) : undefined;
      running = await startApp(
        {
          ...(mongo
            ? {
                MONGODB_URI: mongo.uri,
                MONGODB_DB: `firstline_outbox_view_${randomBytes(4).toString('hex')}`,
              }
            : {}),
          // Nothing listens there yet: the SMTP server is down.
          SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
          MAIL_FROM: 'IT Service Desk <helpdesk@example.test>',
          MAIL_OUTBOX_INTERVAL_SECONDS: '3600',
          MAIL_RETRY_BASE_SECONDS: '60',
          MAIL_SEND_ATTEMPTS: '2',
        },
        undefined,
        clock,
      );
      const technicians = running.app.handoff!.technicians;
      admin = (await technicians.create({ name: 'Ada Admin', role: 'admin' })).token;
      lead = (await technicians.create({ name: 'Lea Lead', role: 'lead' })).token;
      technician = (await technicians.create({ name: 'Tom Tech', role: 'technician' })).token;
    }, 120_000);

    afterAll(async () => {
      await running?.stop();
      await greenMail?.stop();
      await mongo?.stop();
    });

    const call = async <T = Record<string, unknown>>(
      method: string,
      path: string,
      token: string | null = admin,
    ): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${running.url}${path}`, {
        method,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const send = (subject: string, text = 'Your ticket was answered.') =>
      running.app.mail!.send({ to: user.address, subject, text, html: `<p>${text}</p>` });

    it('answers 401 without credentials, 403 below admin, 404 for an unknown e-mail, 400 for bad filters', async () => {
      for (const [method, path] of [
        ['GET', '/api/console/mail-outbox'],
        ['GET', '/api/console/mail-outbox/no-such-mail'],
        ['POST', '/api/console/mail-outbox/no-such-mail/retry'],
      ] as const) {
        expect([path, (await call(method, path, null)).status]).toEqual([path, 401]);
        expect([path, (await call(method, path, lead)).status]).toEqual([path, 403]);
        expect([path, (await call(method, path, technician)).status]).toEqual([path, 403]);
      }
      expect((await call('GET', '/api/console/mail-outbox/no-such-mail')).status).toBe(404);
      expect((await call('POST', '/api/console/mail-outbox/no-such-mail/retry')).status).toBe(404);
      for (const query of ['state=lost', 'limit=0', 'limit=201', 'limit=ten', 'cursor=not-a-cursor']) {
        const res = await call<{ error: { code: string; message: string } }>(
          'GET',
          `/api/console/mail-outbox?${query}`,
        );
        expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'BadArgument']);
      }
    });

    it('lists what waits with recipient, subject without secrets, attempts and the last error', async () => {
      await send(`HD-1001: your new password is ${SECRET}`, `Log in with password: ${SECRET} and change it.`);
      const { status, body } = await call<Listed>('GET', '/api/console/mail-outbox');
      expect(status).toBe(200);
      expect(body.counts).toEqual({ pending: 1, sending: 0, sent: 0, failed: 0 });
      const [row] = body.items;
      expect(row).toMatchObject({ to: user.address, state: 'pending', attempts: 1, lastError: 'ESOCKET' });
      expect(row?.subject).toContain('HD-1001');
      const detail = await call<{ mail: { text: string; subject: string } }>(
        'GET',
        `/api/console/mail-outbox/${row!.id}`,
      );
      expect(detail.body.mail.text).toContain('change it');
      expect(JSON.stringify([body, detail.body])).not.toContain(SECRET);
    });

    it('pages newest first through e-mails queued at the same instant, each exactly once', async () => {
      for (const n of [1, 2, 3, 4, 5]) await send(`HD-200${n}: resolved`);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const query = `state=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call<Listed>('GET', `/api/console/mail-outbox?${query}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((item) => item.subject.slice(0, 7)));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(seen.sort()).toEqual(['HD-1001', 'HD-2001', 'HD-2002', 'HD-2003', 'HD-2004', 'HD-2005']);
      expect(pages).toBe(3);
    });

    it('retries a given-up e-mail on request: failed again while the server is down, sent once it is back', async () => {
      // The second attempt is the last (MAIL_SEND_ATTEMPTS=2): every e-mail is given up.
      now += 60_000;
      expect(await running.app.mailOutbox!.job.runNow()).toMatchObject({ failed: 6 });
      const failed = await call<Listed>('GET', '/api/console/mail-outbox?state=failed');
      expect(failed.body.counts).toMatchObject({ pending: 0, failed: 6 });
      const target = failed.body.items.find((item) => item.subject.startsWith('HD-2003'))!;
      expect(target).toMatchObject({ state: 'failed', attempts: 2 });

      const again = await call<{ mail: Listed['items'][number] }>(
        'POST',
        `/api/console/mail-outbox/${target.id}/retry`,
      );
      expect([again.status, again.body.mail]).toEqual([
        200,
        expect.objectContaining({ state: 'failed', attempts: 3, lastError: 'ESOCKET' }),
      ]);

      greenMail = await startGreenMail(mailTarget, [user], { smtpPort });
      const retried = await call<{ mail: Listed['items'][number] & { sentAt?: string } }>(
        'POST',
        `/api/console/mail-outbox/${target.id}/retry`,
      );
      expect([retried.status, retried.body.mail]).toEqual([
        200,
        expect.objectContaining({ state: 'sent', attempts: 4, sentAt: clock().toISOString() }),
      ]);
      expect(retried.body.mail.lastError).toBeUndefined();
      await greenMail.waitForMessage(user, (mail) => mail.subject?.startsWith('HD-2003') ?? false);

      // Sent is final: a second retry (another admin's click) sends nothing.
      const twice = await call<{ error: { code: string } }>(
        'POST',
        `/api/console/mail-outbox/${target.id}/retry`,
      );
      expect([twice.status, twice.body.error.code]).toEqual([409, 'Conflict']);
      const inbox = await greenMail.inbox(user);
      expect(inbox.filter((mail) => mail.subject?.startsWith('HD-2003'))).toHaveLength(1);
      expect((await call<Listed>('GET', '/api/console/mail-outbox')).body.counts).toMatchObject({
        sent: 1,
        failed: 5,
      });

      // Who asked for it is in the audit log.
      const audit = await call<{ entries: { action: string; subjectId?: string; actorName?: string }[] }>(
        'GET',
        '/api/console/audit?action=mail.retried',
      );
      expect(audit.body.entries).toEqual([
        expect.objectContaining({ subjectId: target.id, actorName: 'Ada Admin' }),
        expect.objectContaining({ subjectId: target.id, actorName: 'Ada Admin' }),
      ]);
    });
  });
}

if (greenMailTestsEnabled(mailTarget, SUITE)) {
  outboxViewSuite('sqlite');
  if (mongoTestsEnabled(mongoTarget, SUITE)) outboxViewSuite('mongodb');
}
