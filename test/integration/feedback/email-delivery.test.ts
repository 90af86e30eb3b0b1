import fs from 'node:fs';
import type { OutboxItem } from '../../../src/feedback';
import { contentWithTeamContact } from '../../helpers/feedback-content';
import {
  greenMailTestsEnabled,
  resolveGreenMail,
  startGreenMail,
  type RunningGreenMail,
} from '../../helpers/greenmail';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { WebChatUser } from '../conversation/web-chat-user';

jest.setTimeout(180_000);

const target = resolveGreenMail();
const team = { address: 'network-team@example.test', password: 'net-pw' };

/** A team reached by e-mail gets its feedback through the same outbox, once, from a real SMTP server's view. */
if (greenMailTestsEnabled(target, 'feedback by e-mail')) {
  describe('feedback to the owning team by e-mail', () => {
    let greenMail: RunningGreenMail;
    let running: RunningApp;
    let contentDir: string;

    beforeAll(async () => {
      greenMail = await startGreenMail(target, [team]);
      contentDir = contentWithTeamContact('network-team', { email: [team.address] });
      running = await startApp({
        CONTENT_DIR: contentDir,
        SMTP_URL: greenMail.smtpUrl,
        MAIL_FROM: 'FirstLine <firstline@example.test>',
        FEEDBACK_DELIVERY_INTERVAL_SECONDS: '3600',
      });
    }, 90_000);

    afterAll(async () => {
      await running?.stop();
      await greenMail?.stop();
      fs.rmSync(contentDir, { recursive: true, force: true });
    });

    it('mails the redacted remark with its topic, once', async () => {
      const user = await WebChatUser.start(running.url);
      await user.say('my vpn does not connect');
      await user.say('the VPN guide was useless, my password is Hunter2!x');
      user.end();
      await running.app.idle();

      expect(await running.app.feedback.job.runNow()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(await running.app.feedback.job.runNow()).toEqual({ sent: 0, retried: 0, failed: 0 });
      const [mail, ...more] = await greenMail.inbox(team);
      expect(more).toEqual([]);
      expect(mail!.subject).toBe('[FirstLine] Feedback on VPN');
      expect(mail!.text).toContain('the VPN guide was useless');
      expect(mail!.text).toContain('Topic: VPN');
      expect(mail!.text).not.toContain('Hunter2!x');
      expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
      const [item] = await running.app.storage.collection<OutboxItem>('feedback_outbox').find();
      expect(item).toMatchObject({ channel: 'email', target: team.address, state: 'sent', attempts: 1 });
    });
  });
}
