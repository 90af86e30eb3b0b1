import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging';
import { LeasedJob } from '../storage/lease';
import type { StorageBackend } from '../storage/ports';
import { MailOutbox, type OutboxMail } from './outbox';
import type { MailMessage, MailSender } from './sender';

export interface MailOutboxSettings {
  /** How often one instance (a lease) retries what is due. */
  intervalMs: number;
  /** Attempts per e-mail, the first included, before it is given up. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each further one, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Sent and given-up e-mails are deleted this long after they were queued. */
  retentionMs: number;
  /** How long an attempt may take before another instance may retry it (SMTP timeouts are shorter). */
  claimMs: number;
}

export interface OutboxPass {
  sent: number;
  retried: number;
  failed: number;
  purged: number;
}

const SKIPPED: OutboxPass = { sent: 0, retried: 0, failed: 0, purged: 0 };
/** The retention purge runs at most this often per instance (it scans the finished rows). */
const PURGE_EVERY_MS = 3600_000;

/**
 * E-mail through the outbox: `sender.send` stores the message, tries it at once, and resolves with
 * its Message-ID whether or not the SMTP server took it; a failed attempt is retried with
 * exponential backoff by `job`, once across instances. `deliverDue` is one retry pass (the job's).
 */
export interface OutboxMailing {
  sender: MailSender;
  outbox: MailOutbox;
  job: LeasedJob<OutboxPass>;
  deliverDue(): Promise<OutboxPass>;
  /**
   * One attempt now at a waiting or given-up e-mail (an administrator asked for it): the row after
   * the attempt, `'busy'` when it is being sent or already sent, undefined when there is no such row.
   */
  retry(id: string): Promise<OutboxMail | 'busy' | undefined>;
}

export function createMailOutbox(deps: {
  /** The SMTP sender (createMailSender): what each attempt goes through. */
  smtp: MailSender;
  storage: Pick<StorageBackend, 'collection'>;
  settings: MailOutboxSettings;
  clock: () => Date;
  logger: Logger;
}): OutboxMailing {
  const { smtp, settings, clock, logger } = deps;
  const outbox = new MailOutbox(deps.storage, clock, settings.claimMs);
  const domain = smtp.from.match(/@([^\s>]+)/)?.[1] ?? 'firstline.invalid';
  let purgedAt = Number.NEGATIVE_INFINITY;

  /** One claimed attempt; true when the server took the message. */
  const attempt = async (claimed: OutboxMail): Promise<boolean> => {
    try {
      await smtp.send(claimed.message);
    } catch (err) {
      const reason = errorCode(err);
      const retryIn = isPermanent(err) ? undefined : retryDelay(claimed.attempts, settings);
      await outbox.failed(claimed, reason, retryIn);
      // The id, never the address or the server's text (both may be personal data).
      logger.warn(
        { mail: claimed.id, attempts: claimed.attempts, reason, retryInMs: retryIn },
        retryIn === undefined ? 'e-mail given up' : 'e-mail not sent; retrying later',
      );
      return false;
    }
    await outbox.sent(claimed);
    return true;
  };

  const deliverDue = async (): Promise<OutboxPass> => {
    const pass: OutboxPass = { ...SKIPPED };
    for (const row of await outbox.due()) {
      const claimed = await outbox.claim(row);
      if (!claimed) continue; // another instance has it
      if (await attempt(claimed)) pass.sent += 1;
      else if (claimed.attempts >= settings.maxAttempts) pass.failed += 1;
      else pass.retried += 1;
    }
    const now = clock().getTime();
    if (now - purgedAt >= PURGE_EVERY_MS) {
      pass.purged = await outbox.purge(new Date(now - settings.retentionMs));
      purgedAt = now;
    }
    return pass;
  };

  const retry = async (id: string): Promise<OutboxMail | 'busy' | undefined> => {
    const row = await outbox.get(id);
    if (!row) return undefined;
    const claimed = await outbox.claimNow(row);
    if (!claimed) return 'busy';
    logger.info({ mail: claimed.id, attempts: claimed.attempts }, 'e-mail retried on request');
    await attempt(claimed);
    return (await outbox.get(id)) ?? claimed;
  };

  const sender: MailSender = {
    from: smtp.from,
    async send(message: MailMessage) {
      const messageId = message.messageId ?? `<${randomUUID()}@${domain}>`;
      const row = await outbox.add({ ...message, messageId });
      await attempt(row);
      return { messageId };
    },
    close: () => smtp.close(),
  };

  const job = new LeasedJob({
    name: 'mail-outbox',
    storage: deps.storage,
    intervalMs: settings.intervalMs,
    clock,
    logger,
    pass: deliverDue,
    skipped: SKIPPED,
  });
  return { sender, outbox, job, deliverDue, retry };
}

/** undefined: no attempts left. */
function retryDelay(attempts: number, settings: MailOutboxSettings): number | undefined {
  if (attempts >= settings.maxAttempts) return undefined;
  return Math.min(settings.retryBaseMs * 2 ** (attempts - 1), settings.retryMaxMs);
}

/** The server refused the message itself (5xx, e.g. no such mailbox): trying again changes nothing. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function errorCode(err: unknown): string {
  const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  if (typeof responseCode === 'number') return `SMTP ${responseCode}`;
  return typeof code === 'string' ? code : 'error';
}
