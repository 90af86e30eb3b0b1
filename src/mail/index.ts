export {
  createMailSender,
  type MailMessage,
  type MailSender,
  type MailSettings,
  type SentMail,
} from './sender';
export {
  addressOf,
  TicketMail,
  ticketTitle,
  type TicketMailDeps,
  type TicketMailRequest,
} from './ticket-mail';
export {
  MAIL_TEMPLATE_NAMES,
  MAIL_TEMPLATE_PLACEHOLDERS,
  renderMail,
  type MailTemplate,
  type MailTemplateName,
  type MailTemplates,
} from './templates';
export { InboundMail, INBOX_COLLECTION as MAIL_INBOX_COLLECTION, type InboundOutcome } from './inbound';
export { MailInbox, type InboxPass } from './inbox';
export { createTicketMail, type MailContent } from './app-mail';
export {
  createMailOutbox,
  type MailOutboxSettings,
  type OutboxMailing,
  type OutboxPass,
} from './outbox-sender';
export {
  MAIL_OUTBOX_COLLECTION,
  MailOutbox,
  mailOutboxTo,
  OUTBOX_STATES,
  type OutboxMail,
  type OutboxPageQuery,
  type OutboxState,
} from './outbox';
export {
  IncidentMail,
  type IncidentMailDeps,
  type IncidentMailRecipient,
  type ResolvedIncident,
} from './incident-mail';
