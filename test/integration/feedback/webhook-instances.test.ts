import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { OutboxItem } from '../../../src/feedback';
import { contentWithTeamContact } from '../../helpers/feedback-content';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../../helpers/mongo-target';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { WebChatUser } from '../conversation/web-chat-user';

jest.setTimeout(180_000);

const target = resolveMongoTarget();
const SUITE = 'feedback-webhook-instances';

/**
 * Two instances on one FerretDB send each queued delivery once: every attempt is claimed by a
 * conditional write on the outbox item before the receiver is called, and a slow receiver keeps
 * both instances' passes overlapping. The passes are called directly (not under the job's lease)
 * so that the claim, not the lease, is what is tested; then the jobs themselves run too.
 */
if (mongoTestsEnabled(target, SUITE)) {
  describe(`feedback deliveries across two instances (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let now = Date.parse('2027-03-01T09:00:00.000Z');
    const clock = () => new Date(now);
    // A 300 ms answer: the other instance reads the item while the first is still sending it.
    const receiver = new WebhookReceiver([503], 300);
    let mongo: RunningMongo;
    let a: RunningApp;
    let b: RunningApp;
    let contentDir: string;

    beforeAll(async () => {
      mongo = await startMongoTarget(target);
      const url = await receiver.start();
      contentDir = contentWithTeamContact('network-team', { webhook: { url, secret: 'network-hook' } });
      const env = {
        MONGODB_URI: mongo.uri,
        MONGODB_DB: `firstline_feedback_${randomBytes(4).toString('hex')}`,
        CONTENT_DIR: contentDir,
        FEEDBACK_WEBHOOK_SECRETS: `network-hook=${randomBytes(32).toString('hex')}`,
        FEEDBACK_DELIVERY_INTERVAL_SECONDS: '3600',
        FEEDBACK_RETRY_BASE_SECONDS: '60',
      };
      a = await startApp(env, undefined, clock);
      b = await startApp(env, undefined, clock);
    });

    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await receiver.stop();
      await mongo?.stop();
      fs.rmSync(contentDir, { recursive: true, force: true });
    });

    it('sends each item once, retries included, whichever instance takes it', async () => {
      const users = await Promise.all([WebChatUser.start(a.url), WebChatUser.start(b.url)]);
      for (const user of users) {
        await user.say('my vpn does not connect');
        await user.say('the VPN guide was useless');
        user.end();
      }
      await a.app.idle();
      await b.app.idle();
      const outbox = a.app.storage.collection<OutboxItem>('feedback_outbox');
      expect(await outbox.find()).toHaveLength(2);

      const bothAtOnce = () =>
        Promise.all([a.app.feedback.delivery.deliverDue(), b.app.feedback.delivery.deliverDue()]);
      // First round: one item is refused once (503), the other delivered; each tried by one instance.
      const first = await bothAtOnce();
      expect(first.reduce((n, p) => n + p.sent + p.retried, 0)).toBe(2);
      expect(receiver.attempts).toHaveLength(2);
      // After the backoff, the refused one is retried once; then nothing is left to send.
      now += 60_000;
      const second = await bothAtOnce();
      expect(second.reduce((n, p) => n + p.sent, 0)).toBe(1);
      now += 3600_000;
      await Promise.all([a.app.feedback.job.runNow(), b.app.feedback.job.runNow()]);
      await bothAtOnce();

      expect(receiver.attempts).toHaveLength(3);
      const keys = receiver.accepted.map((r) => r.headers['idempotency-key']);
      expect(new Set(keys).size).toBe(2);
      expect(keys).toHaveLength(2);
      expect((await outbox.find()).map((i) => i.state)).toEqual(['sent', 'sent']);
    });
  });
}
