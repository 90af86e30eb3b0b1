import { randomUUID } from 'node:crypto';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import type { Ticket } from '../tickets';
import type { MailSender } from './sender';
import { renderMail, type MailTemplateName, type MailTemplates } from './templates';

/** The longest ticket title a subject carries (the problem's first line). */
const TITLE_CHARS = 80;

export interface TicketMailDeps {
  sender: MailSender;
  /** The templates as the content is now (a reload may change them); undefined: no e-mail. */
  templates: () => MailTemplates | undefined;
  /** Status names in the user's language (`ticketChat.status.*`). */
  catalogue: () => Catalogue;
  /** Where the user continues in the chat (PUBLIC_URL's chat page). */
  chatLink: string;
  logger: Logger;
}

/** A message to send about a ticket, threaded to an earlier one when it answers it. */
export interface TicketMailRequest {
  template: MailTemplateName;
  ticket: Ticket;
  /** Defaults to the ticket user's address. */
  to?: string;
  values?: Record<string, string>;
  /** The Message-ID this one answers (the user's own e-mail). */
  inReplyTo?: string;
}

/**
 * E-mails about a ticket, in the ticket's language from the content's templates: the ticket number
 * in the subject and in the Message-ID (`<HD-1001.uuid@domain>`), so a reply finds its ticket by
 * In-Reply-To or References as well as by subject. Never logs the address or the text.
 */
export class TicketMail {
  constructor(private readonly deps: TicketMailDeps) {}

  /** A technician's reply, to a user away from the chat. */
  reply(ticket: Ticket, technician: { name: string }, text: string): Promise<boolean> {
    return this.trySend({
      template: 'ticket-reply',
      ticket,
      values: { technician: technician.name, reply: text },
    });
  }

  /** The ticket's new status, to a user away from the chat. */
  statusChanged(ticket: Ticket): Promise<boolean> {
    const status = this.deps.catalogue().t(ticket.language, `ticketChat.status.${ticket.status}`);
    return this.trySend({ template: 'ticket-status', ticket, values: { status } });
  }

  /** Sends; false (and a warning without personal data) when it cannot. Never rejects. */
  async trySend(request: TicketMailRequest): Promise<boolean> {
    try {
      return await this.send(request);
    } catch (err) {
      this.deps.logger.warn(
        { err: errorWithoutDetails(err), ticket: request.ticket.number, template: request.template },
        'an e-mail about a ticket could not be sent',
      );
      return false;
    }
  }

  /** Sends; false when there is no address or no templates; rejects when SMTP fails. */
  async send(request: TicketMailRequest): Promise<boolean> {
    const { ticket } = request;
    const to = request.to ?? ticket.user.email;
    const template = this.deps.templates()?.[ticket.language][request.template];
    if (!to || !template) return false;
    const rendered = renderMail(template, {
      ticket: ticket.number,
      title: ticketTitle(ticket),
      name: ticket.user.name ?? to.split('@')[0] ?? '',
      chatLink: this.deps.chatLink,
      ...request.values,
    });
    const headers: Record<string, string> = {
      // Sent by a system: well-behaved auto-responders (out of office) do not answer it (RFC 3834).
      'Auto-Submitted': request.inReplyTo ? 'auto-replied' : 'auto-generated',
      'X-FirstLine-Ticket': ticket.number,
    };
    if (request.inReplyTo) {
      headers['In-Reply-To'] = request.inReplyTo;
      headers.References = request.inReplyTo;
    }
    await this.deps.sender.send({
      to,
      ...rendered,
      headers,
      messageId: `<${ticket.number}.${randomUUID()}@${domainOf(this.deps.sender.from)}>`,
    });
    this.deps.logger.info({ ticket: ticket.number, template: request.template }, 'e-mailed the user');
    return true;
  }
}

/** The problem's first line, shortened: what the user will recognise their ticket by. */
export function ticketTitle(ticket: Pick<Ticket, 'problem' | 'summary'>): string {
  const line =
    (ticket.problem || ticket.summary)
      .split(/\r?\n/)
      .find((l) => l.trim())
      ?.trim() ?? '';
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…` : line;
}

/** The address of "Name <address>" (or a bare address, or a URL-encoded login), lower case. */
export function addressOf(from: string): string {
  const decoded = decodeURIComponent(from);
  return (/<([^>]+)>/.exec(decoded)?.[1] ?? decoded).trim().toLowerCase();
}

/** The domain of an address or "Name <address>". */
export function domainOf(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1]?.toLowerCase() ?? 'firstline.invalid';
}

/** SMTP errors may quote the recipient back; only the code and the kind of error are logged. */
export function errorWithoutDetails(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: 'unknown error' };
  const { code, responseCode } = err as Error & { code?: string; responseCode?: number };
  return { name: err.name, code, responseCode };
}
