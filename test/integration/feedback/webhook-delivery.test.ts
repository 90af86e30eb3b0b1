import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  type FeedbackRecord,
  type OutboxItem,
} from '../../../src/feedback';
import { contentWithTeamContact } from '../../helpers/feedback-content';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { WebhookReceiver } from '../../helpers/webhook-receiver';
import { WebChatUser } from '../conversation/web-chat-user';

jest.setTimeout(120_000);

const SECRET = randomBytes(32).toString('hex');
const SECOND = 1000;

/**
 * Issue 16's acceptance: feedback routed to a local webhook receiver that is down for the first
 * 3 attempts arrives exactly once, signed (HMAC), after it comes back. The real app, a real
 * receiver over HTTP, a user over Direct Line; time is the test's clock.
 */
describe('feedback to the owning team over a signed webhook', () => {
  let now = Date.parse('2027-03-01T09:00:00.000Z');
  const clock = () => new Date(now);
  // Down: the connection dropped, then twice 503; the fourth attempt is accepted.
  const receiver = new WebhookReceiver(['drop', 503, 503]);
  let running: RunningApp;
  let contentDir: string;

  beforeAll(async () => {
    const url = await receiver.start();
    contentDir = contentWithTeamContact('network-team', { webhook: { url, secret: 'network-hook' } });
    running = await startApp(
      {
        CONTENT_DIR: contentDir,
        FEEDBACK_WEBHOOK_SECRETS: `network-hook=${SECRET}`,
        // The passes are the test's; the interval timer never fires in its time.
        FEEDBACK_DELIVERY_INTERVAL_SECONDS: '3600',
        FEEDBACK_RETRY_BASE_SECONDS: '60',
      },
      undefined,
      clock,
    );
  });

  afterAll(async () => {
    await running?.stop();
    await receiver.stop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  it('retries with backoff while the receiver is down and delivers once, signed, when it is back', async () => {
    const user = await WebChatUser.start(running.url);
    await user.say('my vpn does not connect');
    await user.say('the VPN guide was useless, my password is Hunter2!x');
    user.end();
    await running.app.idle();

    const [record] = await running.app.storage.collection<FeedbackRecord>('feedback').find();
    expect(record).toMatchObject({
      topic: 'network.vpn',
      team: 'network-team',
      source: 'chat',
      status: 'new',
    });

    const job = running.app.feedback.job;
    // Attempt 1 at once (dropped), then after 60 s (503), 120 s (503) and 240 s (accepted).
    const waits = [0, 60, 120, 240];
    for (const [attempt, wait] of waits.entries()) {
      now += wait * SECOND;
      if (wait > 0) {
        // A second before it is due, nothing is tried: the backoff holds.
        now -= SECOND;
        expect(await job.runNow()).toEqual({ sent: 0, retried: 0, failed: 0 });
        now += SECOND;
      }
      const pass = await job.runNow();
      expect(receiver.attempts).toHaveLength(attempt + 1);
      expect(pass).toEqual(
        attempt < 3 ? { sent: 0, retried: 1, failed: 0 } : { sent: 1, retried: 0, failed: 0 },
      );
    }
    // Long after: nothing is sent again.
    now += 24 * 3600 * SECOND;
    expect(await job.runNow()).toEqual({ sent: 0, retried: 0, failed: 0 });
    await running.app.idle();

    expect(receiver.accepted).toHaveLength(1);
    const [delivered] = receiver.accepted;
    const headers = delivered!.headers;
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body: delivered!.body,
        timestamp: headers[TIMESTAMP_HEADER] as string,
        signature: headers[SIGNATURE_HEADER] as string,
        now: clock(),
        // The receiver checks the timestamp against its own clock; here that is the test's.
        toleranceSeconds: 25 * 3600,
      }),
    ).toBe(true);
    // Signed with another key, or with the body changed, it does not verify.
    expect(
      verifyWebhookSignature({
        secret: randomBytes(32).toString('hex'),
        body: delivered!.body,
        timestamp: headers[TIMESTAMP_HEADER] as string,
        signature: headers[SIGNATURE_HEADER] as string,
        now: clock(),
        toleranceSeconds: 25 * 3600,
      }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body: delivered!.body.replace('useless', 'great'),
        timestamp: headers[TIMESTAMP_HEADER] as string,
        signature: headers[SIGNATURE_HEADER] as string,
        now: clock(),
        toleranceSeconds: 25 * 3600,
      }),
    ).toBe(false);

    const body = JSON.parse(delivered!.body) as { id: string; feedback: Record<string, unknown> };
    expect(headers[IDEMPOTENCY_HEADER]).toBe(body.id);
    // Every attempt carried the same key, so a receiver that saw one de-duplicates the rest.
    expect(new Set(receiver.attempts.map((a) => a.headers[IDEMPOTENCY_HEADER]))).toEqual(new Set([body.id]));
    expect(body.feedback).toMatchObject({
      feedbackId: record!.id,
      topic: 'network.vpn',
      topicLabel: 'VPN',
      team: 'network-team',
      sentiment: 'negative',
      source: 'chat',
    });
    // Redacted, and nobody's identity leaves FirstLine.
    expect(delivered!.body).not.toContain('Hunter2!x');
    expect(delivered!.body).not.toContain(record!.userId);
    expect(delivered!.body).not.toContain(user.conversationId);

    const [item] = await running.app.storage.collection<OutboxItem>('feedback_outbox').find();
    expect(item).toMatchObject({ state: 'sent', attempts: 4 });
  });
});
