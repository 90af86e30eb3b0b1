import type { ParsedMail } from 'mailparser';
import type { Technician } from '../../../src/technicians';
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
const describeMail = greenMailTestsEnabled(target, 'e-mail in (GreenMail)') ? describe : describe.skip;

const HELPDESK: MailUser = { address: 'helpdesk@contoso.example', password: 'desk-pw' };
const PIOTR: MailUser = { address: 'piotr@contoso.example', password: 'piotr-pw' };

interface TicketView {
  ticket: { number: string; status: string; channelId: string; language: string; user: { email?: string } };
  replies: { text: string; by: { kind: string }; delivery?: string }[];
}

describeMail('e-mail to the help desk mailbox, read over IMAP and answered over SMTP', () => {
  let greenMail: RunningGreenMail;
  let running: RunningApp;
  let ada: { technician: Technician; token: string };
  let ticket = '';
  let answer: ParsedMail;

  beforeAll(async () => {
    greenMail = await startGreenMail(target, [HELPDESK, PIOTR]);
    running = await startApp(
      {
        SMTP_URL: greenMail.smtpUrl,
        MAIL_FROM: 'IT Service Desk <helpdesk@contoso.example>',
        IMAP_URL: greenMail.imapUrl(HELPDESK),
        // Passes are run by the test; the timer never fires during it.
        MAIL_POLL_SECONDS: '3600',
        PUBLIC_URL: 'https://help.contoso.example',
      },
      undefined,
    );
    ada = await running.app.handoff!.technicians.create({
      name: 'Ada Tech',
      role: 'lead',
      skills: [],
      languages: ['en', 'pl'],
      availability: 'online',
    });
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    await greenMail?.stop();
  });

  const pass = () => running.app.mailInbox!.runNow();
  const view = async (): Promise<TicketView> => {
    const res = await api(`${running.url}/api/console/tickets/${ticket}`, ada.token, 'GET');
    expect(res.status).toBe(200);
    return res.body as unknown as TicketView;
  };

  it('opens a ticket for a new e-mail and answers it with the best article in the writer\u2019s language', async () => {
    await greenMail.send({
      from: `Piotr Nowak <${PIOTR.address}>`,
      to: HELPDESK.address,
      subject: 'VPN nie działa',
      text: 'Dzień dobry, od rana nie mogę połączyć się z VPN z domu. Klient VPN pokazuje błąd połączenia.',
    });
    const { outcomes } = await pass();
    expect(outcomes).toEqual([
      { kind: 'opened', ticket: expect.stringMatching(/^HD-\d+$/), article: expect.any(String) },
    ]);
    ticket = (outcomes[0] as { ticket: string }).ticket;

    answer = await greenMail.waitForMessage(PIOTR, (m) => m.subject?.startsWith(`[${ticket}]`) ?? false);
    expect(answer.text).toContain(`zgłoszenie ${ticket}`);
    expect(answer.text).toMatch(/VPN/);
    expect(answer.text).toContain('„rozwiązane”');
    expect(answer.html).toContain('<strong>rozwiązane</strong>');
    const opened = await view();
    expect(opened.ticket).toMatchObject({
      channelId: 'email',
      language: 'pl',
      status: 'new',
      user: { email: PIOTR.address },
    });
  });

  it("adds a reply by e-mail to the ticket (without the quoted text) for the console; a technician's answer goes back by e-mail", async () => {
    await greenMail.send({
      from: PIOTR.address,
      to: HELPDESK.address,
      subject: `Re: ${answer.subject}`,
      inReplyTo: answer.messageId,
      references: answer.messageId,
      text: `Niestety nadal nie działa, błąd 809.\n\nW dniu pon., 7 gru 2026 IT Service Desk napisał:\n> Dzień dobry Piotr Nowak,\n> ${answer.text?.split('\n')[2] ?? ''}`,
    });
    expect((await pass()).outcomes).toEqual([{ kind: 'reply', ticket }]);
    const replied = await view();
    expect(replied.replies).toEqual([
      expect.objectContaining({
        text: 'Niestety nadal nie działa, błąd 809.',
        by: expect.objectContaining({ kind: 'user' }),
      }),
    ]);

    const reply = await api(`${running.url}/api/console/tickets/${ticket}/replies`, ada.token, 'POST', {
      text: 'Proszę zrestartować router i spróbować ponownie.',
    });
    expect(reply).toMatchObject({ status: 201, body: { reply: { delivery: 'email' } } });
    const mail = await greenMail.waitForMessage(PIOTR, (m) => /Odpowiedź od: Ada Tech/.test(m.subject ?? ''));
    expect(mail.subject).toContain(`[${ticket}]`);
    expect(mail.text).toContain('Proszę zrestartować router i spróbować ponownie.');
  });

  it('ignores auto-replies and bounces, and handles a message read twice only once', async () => {
    await greenMail.send({
      from: PIOTR.address,
      to: HELPDESK.address,
      subject: `Automatyczna odpowiedź: [${ticket}]`,
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'Jestem na urlopie do poniedziałku.',
    });
    await greenMail.send({
      from: 'MAILER-DAEMON@contoso.example',
      to: HELPDESK.address,
      subject: 'Undelivered Mail Returned to Sender',
      text: 'This is the mail system. The message could not be delivered.',
    });
    const { outcomes } = await pass();
    expect(outcomes).toEqual([
      { kind: 'ignored', because: 'auto-submitted' },
      { kind: 'ignored', because: 'bounce' },
    ]);
    // Nothing was answered: Piotr has the article and the technician's reply, and no more.
    expect((await greenMail.inbox(PIOTR)).length).toBe(2);
    expect((await view()).replies).toHaveLength(2);

    // A crash before the messages were marked read: every one is read again and none acted on twice.
    await greenMail.markAllUnseen(HELPDESK);
    const again = await pass();
    expect(again.outcomes.map((o) => o.kind)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
  });

  it('closes the ticket when the user replies "solved" and says so by e-mail', async () => {
    await greenMail.send({
      from: PIOTR.address,
      to: HELPDESK.address,
      subject: `Re: [${ticket}] VPN nie działa`,
      text: 'Rozwiązane, dziękuję!',
    });
    expect((await pass()).outcomes).toEqual([{ kind: 'solved', ticket }]);
    expect((await view()).ticket.status).toBe('closed');
    const closed = await greenMail.waitForMessage(
      PIOTR,
      (m) => m.subject === `[${ticket}] Zamknięte: VPN nie działa`,
    );
    expect(closed.text).toContain(`Zgłoszenie ${ticket}`);
  });
});
