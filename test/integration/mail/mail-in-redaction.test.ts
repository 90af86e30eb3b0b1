import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { findCanary } from '../../../src/privacy';
import { api } from '../../unit/console/console-harness';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type MailUser,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

const target = resolveGreenMail();
const describeMail = greenMailTestsEnabled(target, 'e-mail redaction (GreenMail)') ? describe : describe.skip;

const HELPDESK: MailUser = { address: 'helpdesk@contoso.example', password: 'desk-pw' };
const MARIA: MailUser = { address: 'maria@contoso.example', password: 'maria-pw' };
/** Made-up secrets a user pastes into e-mails to the help desk. */
const FIRST_SECRET = 'Kq7-zebra-Lantern-93';
const REPLY_SECRET = 'Vx4-otter-Harbour-58';

/** Every row of every table of the app's SQLite files, and their raw bytes. */
function storedContents(dataDir: string): unknown[] {
  const files = fs
    .readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
  const rows: unknown[] = files.map((f) => fs.readFileSync(f).toString('latin1'));
  for (const file of files.filter((f) => /\.(db|sqlite3?)$/.test(f))) {
    const db = new Database(file, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const { name } of tables) rows.push({ [name]: db.prepare(`SELECT * FROM "${name}"`).all() });
    db.close();
  }
  return rows;
}

describeMail('secrets pasted into e-mails to the help desk', () => {
  let greenMail: RunningGreenMail;
  let running: RunningApp;
  let lead = '';

  beforeAll(async () => {
    greenMail = await startGreenMail(target, [HELPDESK, MARIA]);
    running = await startApp({
      SMTP_URL: greenMail.smtpUrl,
      MAIL_FROM: 'IT Service Desk <helpdesk@contoso.example>',
      IMAP_URL: greenMail.imapUrl(HELPDESK),
      MAIL_POLL_SECONDS: '3600',
    });
    lead = (
      await running.app.handoff!.technicians.create({
        name: 'Lena Lead',
        role: 'lead',
        skills: [],
        languages: ['en'],
        availability: 'online',
      })
    ).token;
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    await greenMail?.stop();
  });

  it('are kept in no store and no console answer, in a new ticket or in a reply to one', async () => {
    await greenMail.send({
      from: `Maria Pop <${MARIA.address}>`,
      to: HELPDESK.address,
      subject: 'Cannot sign in to the VPN',
      text: `Hello, the VPN keeps rejecting me. My password is ${FIRST_SECRET} and it worked yesterday.`,
    });
    const opened = (await running.app.mailInbox!.runNow()).outcomes;
    expect(opened).toEqual([expect.objectContaining({ kind: 'opened' })]);
    const ticket = (opened[0] as { ticket: string }).ticket;
    const answer = await greenMail.waitForMessage(
      MARIA,
      (m) => m.subject?.startsWith(`[${ticket}]`) ?? false,
    );

    await greenMail.send({
      from: MARIA.address,
      to: HELPDESK.address,
      subject: `Re: ${answer.subject}`,
      inReplyTo: answer.messageId,
      references: answer.messageId,
      text: `Still failing. I changed it, the new password is ${REPLY_SECRET} now.`,
    });
    expect((await running.app.mailInbox!.runNow()).outcomes).toEqual([{ kind: 'reply', ticket }]);
    await running.app.idle();

    const view = await api(`${running.url}/api/console/tickets/${ticket}`, lead, 'GET');
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).toContain('[password removed]');
    const seen = [view.body, storedContents(running.dataDir)];
    const found = [FIRST_SECRET, REPLY_SECRET].flatMap((canary) => findCanary(seen, canary).slice(0, 5));
    expect(found).toEqual([]);
  });
});
