import type { Config } from '../config';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import { InboundMail, type InboundMailDeps } from './inbound';
import { IncidentMail } from './incident-mail';
import { MailInbox } from './inbox';
import type { MailSender } from './sender';
import { addressOf, TicketMail } from './ticket-mail';
import type { MailTemplates } from './templates';

/** What e-mail about tickets reads of the content as it is now (a reload may change it). */
export interface MailContent {
  mail?: MailTemplates;
  catalogue: Catalogue;
}

/**
 * E-mail about tickets as the composition root wires it: notices to users away from the chat
 * (`ticketMail`, and `incidentMail` for incidents they were linked to), and the help desk mailbox's reader once the hand-over and knowledge base exist
 * (`inbox`). Both undefined without SMTP_URL; the reader also without IMAP_URL.
 */
export function createTicketMail(deps: {
  config: Config;
  sender: MailSender | undefined;
  content: () => MailContent;
  storage: Pick<StorageBackend, 'collection'>;
  logger: Logger;
  clock: () => Date;
}): {
  ticketMail?: TicketMail;
  /** Incident resolutions to linked users away from the chat. */
  incidentMail?: IncidentMail;
  inbox(
    parts: Pick<InboundMailDeps, 'tickets' | 'queue' | 'knowledge' | 'saysSolved' | 'redact'>,
  ): MailInbox | undefined;
} {
  const { config, sender, logger, clock } = deps;
  if (!sender) return { inbox: () => undefined };
  if (!deps.content().mail)
    logger.warn('SMTP_URL is set but CONTENT_DIR has no mail templates: no e-mail is sent');
  const chatLink = `${config.server.publicUrl ?? `http://localhost:${config.server.port}`}/`;
  const templates = () => deps.content().mail;
  const ticketMail = new TicketMail({
    sender,
    templates,
    catalogue: () => deps.content().catalogue,
    chatLink,
    logger,
  });
  const imapUrl = config.mail.imapUrl;
  return {
    ticketMail,
    incidentMail: new IncidentMail({ sender, templates, chatLink, logger }),
    inbox: (parts) =>
      imapUrl
        ? new MailInbox({
            imapUrl,
            intervalMs: config.mail.pollMs,
            storage: deps.storage,
            logger,
            clock,
            inbound: new InboundMail({
              ...parts,
              storage: deps.storage,
              ticketMail,
              // Our own messages coming back (a forward rule, a loop) are never answered.
              ownAddresses: [addressOf(config.mail.from), addressOf(new URL(imapUrl).username)],
              maxChars: config.limits.maxMessageChars,
              defaultLanguage: config.defaultLanguage,
              logger,
              clock,
            }),
          })
        : undefined,
  };
}
