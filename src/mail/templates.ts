import { z } from 'zod';
import type { Lang } from '../i18n/languages';

/**
 * The e-mails FirstLine writes, each with the placeholders its text may use. Templates are content
 * (content/mail/<lang>/<name>.yaml); `firstline content check` refuses unknown placeholders.
 */
export const MAIL_TEMPLATE_PLACEHOLDERS = {
  /** A technician replied on the ticket while the user was away from the chat. */
  'ticket-reply': ['ticket', 'title', 'name', 'technician', 'reply', 'chatLink'],
  /** A technician changed the ticket's status while the user was away. */
  'ticket-status': ['ticket', 'title', 'name', 'status', 'chatLink'],
  /** A new e-mail to the help desk opened a ticket and an article may solve it. */
  'email-answer': ['ticket', 'title', 'name', 'article', 'steps', 'chatLink'],
  /** A new e-mail opened a ticket and no article fits: a technician will answer. */
  'email-received': ['ticket', 'title', 'name', 'chatLink'],
  /** The user replied "solved": the ticket is closed. */
  'email-closed': ['ticket', 'title', 'name'],
  /** An incident the user's problem was linked to is resolved, and they are away from the chat. */
  'incident-resolved': ['incident', 'title', 'name', 'status', 'chatLink'],
} as const satisfies Record<string, readonly string[]>;

export type MailTemplateName = keyof typeof MAIL_TEMPLATE_PLACEHOLDERS;
export const MAIL_TEMPLATE_NAMES = Object.keys(MAIL_TEMPLATE_PLACEHOLDERS) as MailTemplateName[];

/**
 * One template: a subject naming what it is about (a ticket's `{ticket}`, an incident's
 * `{incident}`; each template may use only its own, see unknownPlaceholders), plain text, and HTML
 * (values are escaped into it).
 */
export const mailTemplateSchema = z
  .object({
    subject: z
      .string()
      .min(1)
      .refine(
        (s) => s.includes('{ticket}') || s.includes('{incident}'),
        'the subject must name the ticket with {ticket} (an incident with {incident})',
      ),
    text: z.string().min(1),
    html: z.string().min(1),
  })
  .strict();
export type MailTemplate = z.infer<typeof mailTemplateSchema>;

export type MailTemplates = Record<Lang, Record<MailTemplateName, MailTemplate>>;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Placeholders a template uses that its kind does not provide (a content error). */
export function unknownPlaceholders(name: MailTemplateName, template: MailTemplate): string[] {
  const allowed: readonly string[] = MAIL_TEMPLATE_PLACEHOLDERS[name];
  const used = [template.subject, template.text, template.html].flatMap((part) =>
    [...part.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''),
  );
  return [...new Set(used.filter((p) => !allowed.includes(p)))];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Fills a template. Subject and text get values as they are (line breaks in the subject become
 * spaces); HTML gets them escaped, with line breaks as <br>, so a user's or technician's words can
 * never add markup.
 */
export function renderMail(template: MailTemplate, values: Record<string, string>): RenderedMail {
  const fill = (part: string, encode: (value: string) => string) =>
    part.replace(PLACEHOLDER, (whole, key: string) => (key in values ? encode(values[key] ?? '') : whole));
  return {
    subject: fill(template.subject, (v) => v.replace(/\s+/g, ' ')).trim(),
    text: fill(template.text, (v) => v),
    html: fill(template.html, (v) => escapeHtml(v).replace(/\r?\n/g, '<br>\n')),
  };
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
