export {
  createMailSender,
  type MailMessage,
  type MailSender,
  type MailSettings,
  type SentMail,
} from './sender';
