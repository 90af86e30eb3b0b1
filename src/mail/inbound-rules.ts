import type { ParsedMail } from 'mailparser';

/** Why an incoming message is not for a person to answer (it is dropped, never replied to). */
export type IgnoredBecause = 'auto-submitted' | 'bounce' | 'bulk' | 'own-address' | 'no-sender';

const BULK_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const DAEMONS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i;

/**
 * Auto-replies, bounces, mailing lists and our own messages coming back are never answered: that
 * is how mail loops start (RFC 3834: a message with Auto-Submitted other than "no" is automatic;
 * RFC 3464 delivery reports are multipart/report; lists carry List-Id or Precedence: bulk).
 */
export function ignoredBecause(
  mail: ParsedMail,
  ownAddresses: readonly string[],
): IgnoredBecause | undefined {
  const header = (name: string) => headerText(mail, name).toLowerCase();
  const sender = senderOf(mail);
  if (!sender) return 'no-sender';
  if (ownAddresses.includes(sender)) return 'own-address';
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-submitted';
  if (header('x-autoreply') || header('x-autorespond') || header('x-auto-response-suppress').includes('all'))
    return 'auto-submitted';
  if (header('content-type').startsWith('multipart/report') || DAEMONS.test(sender)) return 'bounce';
  if (header('return-path') === '<>') return 'bounce';
  if (header('list-id') || header('list-unsubscribe') || BULK_PRECEDENCE.has(header('precedence')))
    return 'bulk';
  return undefined;
}

/** The sender's address, lower case; undefined when there is none. */
export function senderOf(mail: ParsedMail): string | undefined {
  return mail.from?.value[0]?.address?.trim().toLowerCase() || undefined;
}

/**
 * The ticket an e-mail answers: named in the Message-ID of ours it replies to
 * (`<HD-1042.uuid@...>` in In-Reply-To or References), else in its subject ("Re: [HD-1042] ...").
 */
export function ticketNumberOf(mail: ParsedMail): string | undefined {
  const references = [mail.inReplyTo ?? '', ...toArray(mail.references)].join(' ');
  const byId = /<HD-(\d{1,9})\./i.exec(references);
  if (byId) return `HD-${Number(byId[1])}`;
  const bySubject = /\bHD-?(\d{1,9})\b/i.exec(mail.subject ?? '');
  return bySubject ? `HD-${Number(bySubject[1])}` : undefined;
}

/**
 * What the user wrote in a reply, without the quoted message below it: lines from the first
 * attribution line ("On ... wrote:", "Am ... schrieb", "W dniu ... napisał", "În ... a scris")
 * or quote marker on are dropped.
 */
export function replyText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('>')) break;
    if (
      /^-{2,}\s*(original message|ursprüngliche nachricht|wiadomość oryginalna|mesaj original)/i.test(trimmed)
    )
      break;
    if (
      /^(on|am|w dniu|în|in|le)\b.*\b(wrote|schrieb|napisał|napisała|pisze|a scris|écrit)(?![\p{L}]).*:$/iu.test(
        trimmed,
      )
    )
      break;
    if (/^(from|von|od|de):\s/i.test(trimmed) && kept.length > 0) break;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** A header as the message has it (raw, unfolded, lower-cased name), '' when absent. */
function headerText(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name)?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

function toArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
