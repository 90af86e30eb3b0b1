import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type MailUser,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../../helpers/mongo-target';

const greenMailTarget = resolveGreenMail();
const mongoTarget = resolveMongoTarget();
const enabled =
  greenMailTestsEnabled(greenMailTarget, 'e-mail in, two instances (GreenMail)') &&
  mongoTestsEnabled(mongoTarget, 'e-mail in, two instances (MongoDB)');
const describeBoth = enabled ? describe : describe.skip;

const HELPDESK: MailUser = { address: 'helpdesk@contoso.example', password: 'desk-pw' };
const MARA: MailUser = { address: 'mara@contoso.example', password: 'mara-pw' };
const POLL_SECONDS = 60;

describeBoth('e-mail in with two instances on one database', () => {
  let greenMail: RunningGreenMail;
  let mongo: RunningMongo;
  let db: string;
  const apps: RunningApp[] = [];
  let now = Date.parse('2031-03-10T09:00:00Z');

  beforeAll(async () => {
    greenMail = await startGreenMail(greenMailTarget, [HELPDESK, MARA]);
    mongo = await startMongoTarget(mongoTarget);
    db = `firstline_mail_${randomBytes(4).toString('hex')}`;
    const env = {
      MONGODB_URI: mongo.uri,
      MONGODB_DB: db,
      SMTP_URL: greenMail.smtpUrl,
      MAIL_FROM: 'IT Service Desk <helpdesk@contoso.example>',
      IMAP_URL: greenMail.imapUrl(HELPDESK),
      MAIL_POLL_SECONDS: String(POLL_SECONDS),
    };
    apps.push(await startApp(env, undefined, () => new Date(now)));
    apps.push(await startApp(env, undefined, () => new Date(now)));
  }, 180_000);

  afterAll(async () => {
    for (const app of apps) await app.stop();
    if (mongo) {
      const client = new MongoClient(mongo.uri);
      await client
        .db(db)
        .dropDatabase()
        .finally(() => client.close());
      await mongo.stop();
    }
    await greenMail?.stop();
  });

  it('handles each message once: one ticket and one answer per e-mail, even when read again by the other instance', async () => {
    const subjects = ['Outlook does not start', 'Cannot print to the floor 2 printer', 'Teams has no sound'];
    for (const subject of subjects)
      await greenMail.send({
        from: MARA.address,
        to: HELPDESK.address,
        subject,
        text: `${subject} since this morning.`,
      });

    // Both poll at once: one holds the lease, the other's pass is skipped.
    const [a, b] = await Promise.all(apps.map((app) => app.app.mailInbox!.runNow()));
    expect([...a!.outcomes, ...b!.outcomes].map((o) => o.kind)).toEqual(['opened', 'opened', 'opened']);

    // The holder dies before marking them read; its lease runs out and the other instance reads them again.
    await greenMail.markAllUnseen(HELPDESK);
    now += 3 * POLL_SECONDS * 1000;
    const holder = a!.outcomes.length > 0 ? 0 : 1;
    const again = await apps[1 - holder]!.app.mailInbox!.runNow();
    expect(again.outcomes.map((o) => o.kind)).toEqual(['duplicate', 'duplicate', 'duplicate']);

    const answers = (await greenMail.inbox(MARA)).map((m) => m.subject ?? '');
    expect(answers).toHaveLength(3);
    for (const subject of subjects) expect(answers.filter((s) => s.includes(subject))).toHaveLength(1);
    const tickets = await apps[0]!.app.handoff!.tickets.query({
      sort: 'createdAt',
      direction: 'asc',
      limit: 10,
    });
    expect(tickets.tickets.map((t) => t.channelId)).toEqual(['email', 'email', 'email']);
  });
});
