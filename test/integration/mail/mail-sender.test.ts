import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { startApp, type RunningApp } from '../../helpers/in-process-app';

const target = resolveGreenMail();
const describeMail = greenMailTestsEnabled(target, 'MailSender against GreenMail') ? describe : describe.skip;
const user = { address: 'ana@example.test', password: 'ana-pw' };

describeMail('MailSender through the real app and a real SMTP server', () => {
  let greenMail: RunningGreenMail;
  let running: RunningApp;

  beforeAll(async () => {
    greenMail = await startGreenMail(target, [user]);
    running = await startApp({
      SMTP_URL: greenMail.smtpUrl,
      MAIL_FROM: 'IT Service Desk <helpdesk@example.test>',
    });
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await greenMail?.stop();
  });

  it('delivers plain text with an HTML alternative, the given headers and the From address', async () => {
    const sent = await running.app.mail!.send({
      to: user.address,
      subject: 'HD-1001: a technician replied',
      text: 'Plain part',
      html: '<p>HTML part</p>',
      headers: { 'X-FirstLine-Ticket': 'HD-1001' },
    });
    const received = await greenMail.waitForMessage(user, (mail) => mail.messageId === sent.messageId);
    expect(received.subject).toBe('HD-1001: a technician replied');
    expect(received.text?.trim()).toBe('Plain part');
    expect(received.html).toContain('<p>HTML part</p>');
    expect(received.from?.value).toEqual([{ name: 'IT Service Desk', address: 'helpdesk@example.test' }]);
    expect(received.headers.get('x-firstline-ticket')).toBe('HD-1001');
  });
});

describe('MailSender without SMTP_URL', () => {
  it('is undefined, so callers skip e-mail', async () => {
    const running = await startApp();
    try {
      expect(running.app.mail).toBeUndefined();
    } finally {
      await running.stop();
    }
  });
});
