import type * as Nodemailer from 'nodemailer';
import type { Logger } from '../logging';

/** One message to one recipient: plain text always, HTML as its alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. In-Reply-To, References or Auto-Submitted. */
  headers?: Record<string, string>;
  /** The Message-ID to send with (`<id@domain>`), e.g. one that names the ticket; else generated. */
  messageId?: string;
}

export interface SentMail {
  /** The Message-ID the message went out with (for threading replies). */
  messageId: string;
}

/** The port every module sends e-mail through. */
export interface MailSender {
  /** The address messages come from (MAIL_FROM), e.g. to recognise our own messages coming back. */
  readonly from: string;
  /** Rejects when the SMTP server refuses or cannot be reached; the caller decides about retrying. */
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

export interface MailSettings {
  smtpUrl?: string;
  from: string;
}

/** A sender for SMTP_URL, or undefined when e-mail is off (no SMTP_URL). */
export function createMailSender(settings: MailSettings, logger: Logger): MailSender | undefined {
  if (!settings.smtpUrl) return undefined;
  // Loaded only when e-mail is on: a server without SMTP_URL never carries the SMTP library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodemailer = require('nodemailer') as typeof Nodemailer;
  const transport = nodemailer.createTransport(settings.smtpUrl);
  const from = settings.from;
  return {
    from,
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        ...(message.messageId ? { messageId: message.messageId } : {}),
      });
      // The recipient's address stays out of the log: it is personal data.
      logger.debug({ messageId: info.messageId }, 'e-mail sent');
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
