import type { Logger } from '../logging';
import { LeasedJob } from '../storage/lease';
import type { StorageBackend } from '../storage/ports';
import type { FeedbackNotice, FeedbackOutbox, OutboxItem } from './feedback-outbox';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature';

/** The e-mail port (src/mail's MailSender has this shape). */
export interface FeedbackMailer {
  send(message: {
    to: string;
    subject: string;
    text: string;
    html: string;
    headers?: Record<string, string>;
  }): Promise<unknown>;
}

/** Posts an Adaptive Card as a new thread of a Teams channel (src/channels/teams). */
export type ChannelCardPoster = (channelId: string, card: Record<string, unknown>) => Promise<void>;

export interface DeliverySettings {
  /** Signing secrets of webhooks by name (FEEDBACK_WEBHOOK_SECRETS). */
  webhookSecrets: Readonly<Record<string, string>>;
  /** Attempts per item before it is given up (stays in the inbox, marked failed). */
  maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each further one. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claimed attempt may take before another instance may retry it. */
  claimMs: number;
  requestTimeoutMs: number;
}

export interface DeliveryDeps {
  outbox: FeedbackOutbox;
  settings: DeliverySettings;
  clock: () => Date;
  logger: Logger;
  mailer?: FeedbackMailer;
  postCard?: ChannelCardPoster;
}

export interface DeliveryPass {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends what the outbox holds. Each item is claimed (a conditional write) before anyone is told,
 * so two instances never both send it; a failure is retried with exponential backoff.
 */
export class FeedbackDelivery {
  constructor(private readonly deps: DeliveryDeps) {}

  async deliverDue(): Promise<DeliveryPass> {
    const pass: DeliveryPass = { sent: 0, retried: 0, failed: 0 };
    for (const item of await this.deps.outbox.due()) {
      const claimed = await this.deps.outbox.claim(item, this.deps.settings.claimMs);
      if (!claimed) continue; // another instance has it
      try {
        await this.send(claimed);
        await this.deps.outbox.sent(claimed);
        pass.sent += 1;
      } catch (err) {
        const retryIn = this.retryDelay(claimed.attempts);
        const reason = err instanceof Error ? err.message : String(err);
        await this.deps.outbox.failed(claimed, reason, retryIn);
        if (retryIn === undefined) pass.failed += 1;
        else pass.retried += 1;
        this.deps.logger.warn(
          {
            item: claimed.id,
            channel: claimed.channel,
            attempts: claimed.attempts,
            reason,
            retryInMs: retryIn,
          },
          retryIn === undefined ? 'feedback delivery given up' : 'feedback delivery failed; retrying later',
        );
      }
    }
    return pass;
  }

  /** undefined: no attempts left. */
  private retryDelay(attempts: number): number | undefined {
    const { maxAttempts, retryBaseMs, retryMaxMs } = this.deps.settings;
    if (attempts >= maxAttempts) return undefined;
    return Math.min(retryBaseMs * 2 ** (attempts - 1), retryMaxMs);
  }

  private async send(item: OutboxItem): Promise<void> {
    switch (item.channel) {
      case 'webhook':
        return this.postWebhook(item);
      case 'teams':
        if (!this.deps.postCard) throw new Error('Teams is not configured (MICROSOFT_APP_ID)');
        return this.deps.postCard(item.target, noticeCard(item.notice));
      case 'email': {
        if (!this.deps.mailer) throw new Error('e-mail is not configured (SMTP_URL)');
        const mail = noticeMail(item.notice);
        await this.deps.mailer.send({
          to: item.target,
          ...mail,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        return;
      }
    }
  }

  private async postWebhook(item: OutboxItem): Promise<void> {
    const secret = item.secretName ? this.deps.settings.webhookSecrets[item.secretName] : undefined;
    if (!secret) throw new Error(`no signing secret "${item.secretName ?? ''}" in FEEDBACK_WEBHOOK_SECRETS`);
    const body = JSON.stringify({ id: item.id, type: 'feedback', feedback: item.notice });
    const timestamp = Math.floor(this.deps.clock().getTime() / 1000);
    const response = await fetch(item.target, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(this.deps.settings.requestTimeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'FirstLine feedback',
        [IDEMPOTENCY_HEADER]: item.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      },
      body,
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299)
      throw new Error(`the receiver answered HTTP ${response.status}`);
  }
}

/** The delivery job: one pass per interval on whichever instance holds its lease. */
export function feedbackDeliveryJob(options: {
  delivery: FeedbackDelivery;
  storage: Pick<StorageBackend, 'collection'>;
  intervalMs: number;
  clock: () => Date;
  logger: Logger;
}): LeasedJob<DeliveryPass> {
  return new LeasedJob({
    name: 'feedback-delivery',
    storage: options.storage,
    intervalMs: options.intervalMs,
    clock: options.clock,
    logger: options.logger,
    pass: () => options.delivery.deliverDue(),
    skipped: { sent: 0, retried: 0, failed: 0 },
  });
}

function headline(notice: FeedbackNotice): string {
  const about = notice.topicLabel ?? notice.topic ?? 'no topic';
  const kind = {
    chat: 'Feedback',
    rating: `Rating ${notice.score ?? ''}/5`,
    article: 'Article marked unhelpful',
  }[notice.source];
  return `${kind} on ${about}${notice.ticketNumber ? ` (${notice.ticketNumber})` : ''}`;
}

function facts(notice: FeedbackNotice): { title: string; value: string }[] {
  return [
    { title: 'Topic', value: notice.topicLabel ?? notice.topic ?? '-' },
    { title: 'Sentiment', value: notice.sentiment },
    { title: 'Language', value: notice.language },
    { title: 'Channel', value: notice.channelId },
    ...(notice.articleId ? [{ title: 'Article', value: notice.articleId }] : []),
    ...(notice.ticketNumber ? [{ title: 'Ticket', value: notice.ticketNumber }] : []),
  ];
}

export function noticeCard(notice: FeedbackNotice): Record<string, unknown> {
  return {
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: headline(notice), weight: 'Bolder', wrap: true },
            { type: 'TextBlock', text: notice.text, wrap: true },
            { type: 'FactSet', facts: facts(notice) },
          ],
        },
      },
    ],
  };
}

export function noticeMail(notice: FeedbackNotice): { subject: string; text: string; html: string } {
  const lines = facts(notice).map((f) => `${f.title}: ${f.value}`);
  const escape = (text: string) =>
    text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return {
    subject: `[FirstLine] ${headline(notice)}`,
    text: `${notice.text}\n\n${lines.join('\n')}\n`,
    html: `<p>${escape(notice.text)}</p><ul>${lines.map((l) => `<li>${escape(l)}</li>`).join('')}</ul>`,
  };
}
