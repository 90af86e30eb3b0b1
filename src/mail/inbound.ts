import { createHash, randomUUID } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { ConversationReference } from 'botbuilder';
import type { UserQueue } from '../handoff';
import type { Lang } from '../i18n';
import type { KnowledgeService } from '../knowledge';
import type { Logger } from '../logging';
import { DuplicateKeyError, type StorageBackend, type StoredDocument } from '../storage/ports';
import type { Ticket, TicketActor, TicketStore } from '../tickets';
import { ignoredBecause, replyText, senderOf, ticketNumberOf, type IgnoredBecause } from './inbound-rules';
import type { TicketMail } from './ticket-mail';

/** What became of one incoming message. */
export type InboundOutcome =
  | { kind: 'duplicate' }
  | { kind: 'ignored'; because: IgnoredBecause | 'empty' }
  | { kind: 'reply'; ticket: string }
  | { kind: 'solved'; ticket: string }
  | { kind: 'opened'; ticket: string; article?: string };

/** One record per message handled, by a hash of its Message-ID: the claim that makes it once. */
interface InboxRecord extends StoredDocument {
  receivedAt: string;
  outcome: InboundOutcome['kind'] | 'processing';
  ticketNumber?: string;
}

export const INBOX_COLLECTION = 'mail-inbox';

export interface InboundMailDeps {
  storage: Pick<StorageBackend, 'collection'>;
  tickets: Pick<TicketStore, 'byNumber' | 'reply' | 'transition'>;
  /** The hand-over's users' side: opens tickets, knows live hand-overs, tells the console. */
  queue: Pick<UserQueue, 'openTicket' | 'emit'>;
  knowledge: Pick<KnowledgeService, 'match' | 'getArticle' | 'detectLanguage'>;
  ticketMail: TicketMail;
  /**
   * Whether a reply's first line says the ticket is solved ("solved", "fixed" and their negations
   * in every language): the chat's ticket commands decide, passed in so mail does not depend on
   * the dialogs.
   */
  saysSolved: (ticketNumber: string, firstLine: string) => boolean;
  /** MAIL_FROM and the help desk mailbox: messages from them are our own coming back. */
  ownAddresses: readonly string[];
  /** The project's redaction: a pasted password must not reach the console's event stream. */
  redact: (text: string) => string;
  /** The longest text kept from one message (MAX_MESSAGE_CHARS). */
  maxChars: number;
  defaultLanguage: Lang;
  logger: Logger;
  clock: () => Date;
}

/**
 * E-mail to the help desk: a reply to a ticket's e-mail goes onto that ticket as the user's reply
 * (and to the console); "solved" closes it; a new message opens a ticket, is matched against the
 * knowledge base and answered with the best article. Automatic mail is dropped. Each message is
 * claimed first (a conditional insert by its Message-ID), so two instances never both act on it.
 * The text is redacted as it is read: besides the ticket, it goes to the console's event stream.
 */
export class InboundMail {
  private readonly inbox;

  constructor(private readonly deps: InboundMailDeps) {
    this.inbox = deps.storage.collection<InboxRecord>(INBOX_COLLECTION);
  }

  async handle(mail: ParsedMail): Promise<InboundOutcome> {
    const id = messageKey(mail);
    const receivedAt = this.deps.clock().toISOString();
    try {
      await this.inbox.insert({ id, receivedAt, outcome: 'processing' });
    } catch (error) {
      if (error instanceof DuplicateKeyError) return { kind: 'duplicate' };
      throw error;
    }
    try {
      const outcome = await this.process(mail);
      await this.inbox.update(id, {}, { outcome: outcome.kind, ...ticketOf(outcome) });
      this.deps.logger.info({ outcome: outcome.kind, ...ticketOf(outcome) }, 'e-mail handled');
      return outcome;
    } catch (error) {
      // Not handled: the claim goes, so the next pass tries again.
      await this.inbox.delete(id);
      throw error;
    }
  }

  private async process(mail: ParsedMail): Promise<InboundOutcome> {
    const because = ignoredBecause(mail, this.deps.ownAddresses);
    if (because) return { kind: 'ignored', because };
    const sender = senderOf(mail)!;
    const number = ticketNumberOf(mail);
    const ticket = number ? await this.deps.tickets.byNumber(number) : undefined;
    // Only the ticket's own user may add to it; anyone else writing about it starts a ticket of their own.
    if (ticket && ticket.user.email?.toLowerCase() === sender && ticket.status !== 'closed') {
      return this.reply(mail, ticket);
    }
    return this.open(mail, sender);
  }

  private async reply(mail: ParsedMail, ticket: Ticket): Promise<InboundOutcome> {
    const text = this.clip(replyText(mail.text ?? ''));
    if (!text) return { kind: 'ignored', because: 'empty' };
    const by: TicketActor = { kind: 'user', id: ticket.user.id, name: ticket.user.name ?? 'User' };
    if (this.deps.saysSolved(ticket.number, firstLine(text)) && ticket.status !== 'resolved') {
      await this.deps.tickets.transition(
        ticket.id,
        'resolved',
        by,
        'the user replied by e-mail that it is solved',
      );
      const closed = await this.deps.tickets.transition(ticket.id, 'closed', by);
      await this.tellConsole(closed, by, text);
      await this.deps.ticketMail.trySend({
        template: 'email-closed',
        ticket: closed,
        inReplyTo: mail.messageId,
      });
      return { kind: 'solved', ticket: ticket.number };
    }
    await this.deps.tickets.reply(ticket.id, by, text);
    // "Waiting for your reply" is over once the user replied; a resolved ticket is worked again.
    if (ticket.status === 'pending' || ticket.status === 'resolved')
      await this.deps.tickets.transition(ticket.id, 'open', by, 'the user replied by e-mail');
    await this.tellConsole(ticket, by, text);
    return { kind: 'reply', ticket: ticket.number };
  }

  private async open(mail: ParsedMail, sender: string): Promise<InboundOutcome> {
    const subject = (mail.subject ?? '').replace(/^\s*((re|fw|fwd|aw|wg|odp|pd)\s*:\s*)+/i, '').trim();
    const body = replyText(mail.text ?? '');
    const problem = this.clip([subject, body].filter(Boolean).join('\n\n'));
    if (!problem) return { kind: 'ignored', because: 'empty' };
    const language = this.deps.knowledge.detectLanguage(problem, this.deps.defaultLanguage);
    // Only a confident match is sent: a wrong article by e-mail costs the user a round trip.
    const match = this.deps.knowledge.match(problem, { language, limit: 3 });
    const best = match.decision === 'answer' ? match.results.find((r) => r.kind === 'article') : undefined;
    const article = best && this.deps.knowledge.getArticle(best.id, language)?.article;
    const now = this.deps.clock().toISOString();
    const name = mail.from?.value[0]?.name?.trim();
    const ticket = await this.deps.queue.openTicket({
      // No chat behind it: a conversation id of its own, so the ticket's transcript stays its own.
      reference: {
        channelId: 'email',
        conversation: { id: `email:${randomUUID()}` } as ConversationReference['conversation'],
      },
      user: { id: `email:${sender}`, email: sender, ...(name ? { name } : {}) },
      language,
      channelId: 'email',
      origin: 'an e-mail to the help desk opened a ticket',
      caseFile: {
        problem,
        descriptions: [problem],
        language,
        facts: {},
        suggestions:
          article && best
            ? [
                {
                  articleId: article.id,
                  title: article.title,
                  language,
                  confidence: best.confidence,
                  suggestedAt: now,
                },
              ]
            : [],
        steps: [],
        consecutiveMisses: 0,
        openedAt: now,
        updatedAt: now,
      },
    });
    const steps = article ? article.steps.map((step, i) => `${i + 1}. ${step}`).join('\n') : '';
    await this.deps.ticketMail.trySend(
      article
        ? {
            template: 'email-answer',
            ticket,
            values: { article: article.title, steps },
            inReplyTo: mail.messageId,
          }
        : { template: 'email-received', ticket, inReplyTo: mail.messageId },
    );
    return { kind: 'opened', ticket: ticket.number, ...(article ? { article: article.id } : {}) };
  }

  /** The console tells the assignee (and leads) that the user wrote. */
  private async tellConsole(ticket: Ticket, by: TicketActor, text: string): Promise<void> {
    await this.deps.queue.emit({
      type: 'ticket.replied',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      by: { kind: by.kind, name: by.name },
      text,
      ...(ticket.assignee ? { assigneeId: ticket.assignee.id } : {}),
    });
  }

  /** Redacted, then cut to the longest kept text; redacted first so no secret is cut in half. */
  private clip(text: string): string {
    const max = this.deps.maxChars;
    const redacted = this.deps.redact(text.length > max * 2 ? text.slice(0, max * 2) : text);
    return redacted.length > max ? redacted.slice(0, max) : redacted;
  }
}

/** The Message-ID, hashed (no address is kept); a message without one by a hash of its content. */
function messageKey(mail: ParsedMail): string {
  const basis = mail.messageId ?? `${mail.date?.toISOString()}|${mail.subject}|${mail.text}`;
  return createHash('sha256').update(basis).digest('hex');
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? ''
  );
}

function ticketOf(outcome: InboundOutcome): { ticketNumber?: string } {
  return 'ticket' in outcome ? { ticketNumber: outcome.ticket } : {};
}
