import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { ParsedMail } from 'mailparser';
import type { Technician } from '../../../src/technicians';
import { api } from '../../unit/console/console-harness';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { WebChatUser } from '../../helpers/webchat-user';

const target = resolveGreenMail();
const describeMail = greenMailTestsEnabled(target, 'ticket e-mail out (GreenMail)')
  ? describe
  : describe.skip;

const SECRET = 'host-site-and-firstline-share-this-secret-0123456789';
const ANA = { address: 'ana.schmidt@contoso.example', password: 'ana-pw' };
// Weekdays only and a Sunday night: the request is left as a ticket for when the desk opens.
const WEEKDAYS = `timeZone: UTC
queues: { printer: { skills: [workplace] } }
hours: { mon: ["08:00-17:00"], tue: ["08:00-17:00"], wed: ["08:00-17:00"], thu: ["08:00-17:00"], fri: ["08:00-17:00"] }
`;
const HOUR = 3_600_000;

describeMail('e-mail to a user away from the chat, against a real SMTP server', () => {
  let greenMail: RunningGreenMail;
  let running: RunningApp;
  let now = Date.parse('2031-03-09T03:00:00Z');
  let ada: { technician: Technician; token: string };
  let user: WebChatUser;
  let ticket: string;

  beforeAll(async () => {
    greenMail = await startGreenMail(target, [ANA]);
    const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
    fs.writeFileSync(support, WEEKDAYS);
    running = await startApp(
      {
        SUPPORT_CONFIG_FILE: support,
        WEBCHAT_IDENTITY_SECRET: SECRET,
        SMTP_URL: greenMail.smtpUrl,
        MAIL_FROM: 'IT Service Desk <helpdesk@contoso.example>',
        PUBLIC_URL: 'https://help.contoso.example',
        // The web page stays connected to its conversation across the day the test spans.
        DIRECTLINE_TOKEN_TTL_SECONDS: '86400',
      },
      undefined,
      () => new Date(now),
    );
    ada = await running.app.handoff!.technicians.create({
      name: 'Ada Tech',
      role: 'technician',
      skills: ['workplace'],
      languages: ['en', 'de'],
      availability: 'online',
    });
    // A signed-in intranet user writes in German; the desk is closed, so a ticket is left.
    const identity = await new SignJWT({ sub: 'u-ana', name: 'Ana Schmidt', email: ANA.address })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + 300)
      .sign(new TextEncoder().encode(SECRET));
    user = await WebChatUser.start(running.url, identity);
    await user.say('Der Drucker im dritten Stock hat einen Papierstau');
    await user.say('Ich möchte mit einem Menschen sprechen');
    const reply = await user.waitFor(/Geht es um|Ticket \*\*(HD-\d+)\*\*/);
    if (reply[0].startsWith('Geht es um')) await user.say('ja');
    ticket = (await user.waitFor(/Ticket \*\*(HD-\d+)\*\*/))[1]!;
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    await greenMail?.stop();
  });

  const call = (method: string, route: string, body?: unknown) =>
    api(`${running.url}${route}`, ada.token, method, body);
  const about = (mail: ParsedMail) => mail.subject?.includes(`[${ticket}]`) ?? false;

  it("e-mails a technician's reply in the user's language, ticket number in the subject, link back to the chat", async () => {
    now += 6 * HOUR; // Monday morning: the user left hours ago.
    const reply = await call('POST', `/api/console/tickets/${ticket}/replies`, {
      text: 'Ich komme um 10 Uhr vorbei und entferne das Papier.',
    });
    expect(reply.status).toBe(201);

    const mail = await greenMail.waitForMessage(
      ANA,
      (m) => about(m) && /Antwort von Ada Tech/.test(m.subject ?? ''),
    );
    expect(mail.subject).toMatch(
      new RegExp(`^\\[${ticket}\\] Antwort von Ada Tech: Der Drucker im dritten Stock`),
    );
    expect(mail.text).toContain('Ich komme um 10 Uhr vorbei und entferne das Papier.');
    expect(mail.text).toContain('Hallo Ana Schmidt');
    expect(mail.text).toContain('https://help.contoso.example/');
    expect(mail.html).toContain('<a href="https://help.contoso.example/">');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.messageId).toMatch(new RegExp(`^<${ticket}\\.[0-9a-f-]+@contoso\\.example>$`));
  });

  it('e-mails a status change while the user is away', async () => {
    const changed = await call('PATCH', `/api/console/tickets/${ticket}`, { status: 'pending' });
    expect(changed.status).toBe(200);
    const mail = await greenMail.waitForMessage(ANA, (m) => about(m) && /Neuer Status/.test(m.subject ?? ''));
    // The status in the user's words (ticketChat.status.pending of content/i18n/de.yaml).
    expect(mail.subject).toContain('Neuer Status – wartet auf Ihre Antwort');
    expect(mail.text).toContain(`der Status Ihres Tickets ${ticket} (Der Drucker im dritten Stock`);
    expect(mail.text).toContain('hat sich geändert: wartet auf Ihre Antwort.');
  });

  it('sends nothing while the user is in the chat: the reply reaches them there', async () => {
    await user.say(`Status von ${ticket}`);
    await running.app.idle();
    const reply = await call('POST', `/api/console/tickets/${ticket}/replies`, { text: 'Bin gleich da.' });
    expect(reply).toMatchObject({ status: 201, body: { reply: { delivery: 'live' } } });
    await user.waitFor(/^Bin gleich da\.$/);
    await running.app.idle();
    const mails = (await greenMail.inbox(ANA)).filter(about);
    expect(mails.map((m) => m.subject?.replace(/\[HD-\d+\] /, '').split(':')[0])).toEqual([
      'Antwort von Ada Tech',
      expect.stringMatching(/^Neuer Status – /),
    ]);
  });
});
