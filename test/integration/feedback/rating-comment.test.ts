import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FeedbackRecord } from '../../../src/feedback';
import { contentWithTeamContact } from '../../helpers/feedback-content';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { WebhookReceiver } from '../../helpers/webhook-receiver';

jest.setTimeout(120_000);

/**
 * A comment left with the rating after a technician resolved a ticket is feedback too: filed under
 * the topic of the article the bot had suggested (else the problem's), and sent to its owning team.
 */
describe('rating comments routed to the owning team', () => {
  const receiver = new WebhookReceiver();
  let running: RunningApp;
  let contentDir: string;

  beforeAll(async () => {
    const url = await receiver.start();
    contentDir = contentWithTeamContact('workplace-team', { webhook: { url, secret: 'workplace-hook' } });
    running = await startApp({
      CONTENT_DIR: contentDir,
      FEEDBACK_WEBHOOK_SECRETS: `workplace-hook=${randomBytes(32).toString('hex')}`,
      FEEDBACK_DELIVERY_INTERVAL_SECONDS: '3600',
    });
  });

  afterAll(async () => {
    await running?.stop();
    await receiver.stop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  const ticketAbout = (problem: string, articlesSuggested: { articleId: string; title: string }[]) =>
    running.app.handoff!.tickets.create({
      conversationId: `rating-${randomBytes(4).toString('hex')}`,
      channelId: 'directline',
      user: { id: 'u-rating', name: 'Ana' },
      language: 'en',
      category: 'general',
      priority: 'normal',
      skills: [],
      problem,
      facts: {},
      stepsTried: [],
      articlesSuggested,
      origin: 'test',
    });

  it('files the comment under the topic of the problem and delivers it, with score and ticket number', async () => {
    const { feedback } = running.app.handoff!.queue;
    const ticket = await ticketAbout('Outlook keeps crashing when I open the calendar', []);
    await running.app.handoff!.tickets.setStatus(ticket.id, 'resolved');
    const pending = { kind: 'rating' as const, ticketId: ticket.id, language: 'en' as const };
    await feedback.rate(ticket.conversationId, pending, 2);
    await feedback.comment(ticket.conversationId, ticket.id, 'Took three days, and the fix was a restart');

    const records = await running.app.storage.collection<FeedbackRecord>('feedback').find();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      source: 'rating',
      score: 2,
      ticketNumber: ticket.number,
      sentiment: 'negative',
      topic: 'email.outlook',
      about: 'matched',
      team: 'workplace-team',
      text: 'Took three days, and the fix was a restart',
    });
    expect(await running.app.feedback.job.runNow()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const body = JSON.parse(receiver.accepted[0]!.body) as { feedback: Record<string, unknown> };
    expect(body.feedback).toMatchObject({ source: 'rating', score: 2, ticketNumber: ticket.number });
    expect(body.feedback).not.toHaveProperty('userId');
  });

  it("sends an article's thumbs-down to the team that owns its topic, and keeps a thumbs-up in the inbox", async () => {
    const thumbs = (sentiment: 'positive' | 'negative', text: string) =>
      running.app.feedback.routing.record({
        userId: 'u-thumbs',
        conversationId: `thumbs-${randomBytes(4).toString('hex')}`,
        channelId: 'directline',
        language: 'en',
        sentiment,
        text,
        topic: 'email.outlook',
        articleId: 'outlook-troubleshooting',
        about: 'named',
        source: 'article',
      });
    const before = receiver.accepted.length;
    await thumbs('positive', 'Helpful');
    await thumbs('negative', 'Not helpful');
    expect(await running.app.feedback.job.runNow()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(receiver.accepted).toHaveLength(before + 1);
    const body = JSON.parse(receiver.accepted[before]!.body) as { feedback: Record<string, unknown> };
    expect(body.feedback).toMatchObject({ source: 'article', sentiment: 'negative', topic: 'email.outlook' });
    const kept = await running.app.storage.collection<FeedbackRecord>('feedback').find();
    expect(kept.filter((r) => r.source === 'article')).toHaveLength(2);
  });
});
