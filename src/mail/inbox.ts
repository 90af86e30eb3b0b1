import type * as Imap from 'imapflow';
import type * as MailParser from 'mailparser';
import type { Logger } from '../logging';
import { LeasedJob } from '../storage/lease';
import type { StorageBackend } from '../storage/ports';
import type { InboundMail, InboundOutcome } from './inbound';

/** Messages read per pass; the rest wait for the next one. */
const BATCH = 50;
/** Larger messages (attachments) are left unread and unanswered: a person reads them in the mailbox. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface MailInboxOptions {
  /** imap://user:password@host:143 (STARTTLS when offered) or imaps://...:993. */
  imapUrl: string;
  intervalMs: number;
  inbound: InboundMail;
  storage: Pick<StorageBackend, 'collection'>;
  logger: Logger;
  clock: () => Date;
}

export interface InboxPass {
  read: number;
  outcomes: InboundOutcome[];
}

/**
 * Polls the help desk mailbox (IMAP_URL) under a lease: one instance reads the unseen messages of
 * INBOX each interval, hands each to `InboundMail`, and marks it seen. A message stays unseen when
 * handling failed, and is read again next time; `InboundMail` claims each one in storage first,
 * so a message read twice (lease lost mid-pass, a crash before \Seen) is acted on once.
 */
export class MailInbox {
  readonly job: LeasedJob<InboxPass>;

  constructor(private readonly options: MailInboxOptions) {
    this.job = new LeasedJob<InboxPass>({
      name: 'mail-inbox',
      storage: options.storage,
      intervalMs: options.intervalMs,
      clock: options.clock,
      logger: options.logger,
      pass: () => this.pass(),
      skipped: { read: 0, outcomes: [] },
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  private async pass(): Promise<InboxPass> {
    // The IMAP and MIME libraries load with the first poll: a server without IMAP_URL never needs them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ImapFlow } = require('imapflow') as typeof Imap;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { simpleParser } = require('mailparser') as typeof MailParser;
    const client = new ImapFlow({ ...imapConnection(this.options.imapUrl), logger: false });
    // A dropped connection emits 'error'; the pass then fails and the job retries next interval.
    client.on('error', (err: unknown) =>
      this.options.logger.warn({ err: safeError(err) }, 'IMAP connection error'),
    );
    await client.connect();
    const outcomes: InboundOutcome[] = [];
    let read = 0;
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const unseen = ((await client.search({ seen: false }, { uid: true })) || []).slice(0, BATCH);
        for (const uid of unseen) {
          const message = await client.fetchOne(String(uid), { source: true, size: true }, { uid: true });
          if (!message || !message.source) continue;
          read += 1;
          if ((message.size ?? message.source.length) > MAX_MESSAGE_BYTES) {
            this.options.logger.warn(
              { bytes: message.size },
              'an e-mail too large to handle was left in the mailbox',
            );
            continue;
          }
          try {
            outcomes.push(await this.options.inbound.handle(await simpleParser(message.source)));
          } catch (err) {
            this.options.logger.warn(
              { err: safeError(err) },
              'an e-mail could not be handled; it is read again next time',
            );
            continue;
          }
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
    return { read, outcomes };
  }
}

/** ImapFlow's options from IMAP_URL (user and password URL-decoded). */
export function imapConnection(imapUrl: string): {
  host: string;
  port: number;
  secure: boolean;
  auth: { user: string; pass: string };
} {
  const url = new URL(imapUrl);
  const secure = url.protocol === 'imaps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
  };
}

/** Mail servers' errors may quote addresses or credentials back: only their kind is logged. */
function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: 'unknown error' };
  const { code } = err as Error & { code?: string };
  return { name: err.name, code };
}
