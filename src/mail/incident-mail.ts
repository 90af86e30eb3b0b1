import { randomUUID } from 'node:crypto';
import type { Lang } from '../i18n/languages';
import type { Logger } from '../logging';
import type { MailSender } from './sender';
import { renderMail, type MailTemplates } from './templates';
import { domainOf, errorWithoutDetails } from './ticket-mail';

/** Who is told, and in which language. */
export interface IncidentMailRecipient {
  address: string;
  language: Lang;
  name?: string;
}

/** What the e-mail says about the incident (the status message already in the user's language). */
export interface ResolvedIncident {
  number: string;
  title: string;
  status: string;
}

export interface IncidentMailDeps {
  sender: MailSender;
  /** The templates as the content is now (a reload may change them); undefined: no e-mail. */
  templates: () => MailTemplates | undefined;
  /** Where the user continues in the chat (PUBLIC_URL's chat page). */
  chatLink: string;
  logger: Logger;
}

/**
 * E-mail about an incident to a user linked to it who is away from the chat: `incident-resolved`
 * in their language, the incident number in the subject and the Message-ID. Never logs the
 * address or the text.
 */
export class IncidentMail {
  constructor(private readonly deps: IncidentMailDeps) {}

  /** True when sent; false (and a warning without personal data) when it cannot be. Never rejects. */
  async resolved(to: IncidentMailRecipient, incident: ResolvedIncident): Promise<boolean> {
    const template = this.deps.templates()?.[to.language]['incident-resolved'];
    if (!template) return false;
    const rendered = renderMail(template, {
      incident: incident.number,
      title: incident.title,
      status: incident.status,
      name: to.name ?? to.address.split('@')[0] ?? '',
      chatLink: this.deps.chatLink,
    });
    try {
      await this.deps.sender.send({
        to: to.address,
        ...rendered,
        // Sent by a system: well-behaved auto-responders (out of office) do not answer it (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated', 'X-FirstLine-Incident': incident.number },
        messageId: `<${incident.number}.${randomUUID()}@${domainOf(this.deps.sender.from)}>`,
      });
    } catch (err) {
      this.deps.logger.warn(
        { err: errorWithoutDetails(err), incident: incident.number },
        'an e-mail about an incident could not be sent',
      );
      return false;
    }
    this.deps.logger.info({ incident: incident.number }, 'e-mailed a linked user the resolution');
    return true;
  }
}
