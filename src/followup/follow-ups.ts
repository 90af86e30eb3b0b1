import type { ConversationReference } from 'botbuilder';
import { LIVE_WINDOW_MS, type BotChats, type ConsoleEvents, type UpstreamSender } from '../handoff';
import type { Catalogue } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { MailSender } from '../mail';
import type { Logger } from '../logging';
import type {
  Ticket,
  TicketActor,
  TicketFollowUp,
  TicketHistoryChange,
  TicketReply,
  TicketStore,
} from '../tickets';
import { raisedPriority, type FollowUpAnswer, type FollowUpPrompts } from './follow-up-types';

const SYSTEM: TicketActor = { kind: 'system', name: 'FirstLine' };
/** Channels whose conversation keeps what the bot posts for when the user comes back (web chat). */
const KEPT_FOR_RETURN = new Set(['directline', 'webchat']);

export interface FollowUpsDeps {
  tickets: Pick<TicketStore, 'get' | 'updateFollowUpIf'>;
  /** Reaches the user's conversation: the web chat's log, a Teams proactive message. */
  upstream: UpstreamSender;
  /** Marks the user's next message as the answer (the conversation's pending question). */
  pending: { askFollowUp(conversationId: string, ticketId: string, language: Lang): Promise<void> };
  /** Whether the user is in the chat right now (wrote within the live window). */
  chats: Pick<BotChats, 'get'>;
  events: Pick<ConsoleEvents, 'emit'>;
  prompts: FollowUpPrompts;
  /**
   * E-mail (src/mail, SMTP_URL) for users no chat reaches now: a web chat user who is away, or a
   * conversation the bot cannot reach; absent: the chat only.
   */
  mail?: { sender: Pick<MailSender, 'send'>; catalogue: Catalogue; chatUrl?: string };
  logger: Logger;
  clock: () => Date;
  /** FOLLOW_UP_AFTER_HOURS and AUTO_CLOSE_AFTER_DAYS, in milliseconds. */
  afterMs: number;
  autoCloseMs: number;
}

/** The follow-up of the ticket's current resolution, if it was asked. */
export function currentFollowUp(ticket: Ticket): TicketFollowUp | undefined {
  const resolvedAt = ticket.resolution?.at;
  return resolvedAt && ticket.followUp?.for === resolvedAt ? ticket.followUp : undefined;
}

/** True while the ticket waits for the answer to its follow-up question. */
function awaitingAnswer(ticket: Ticket): boolean {
  const followUp = currentFollowUp(ticket);
  return ticket.status === 'resolved' && followUp !== undefined && !followUp.answer && !followUp.expiredAt;
}

/**
 * "Did the fix hold?": asked once per resolution, answered by the user, or closed on silence.
 * Each step is a conditional write on the ticket before anyone is told, so two instances (or a
 * lease that ran out mid-pass) never ask twice or close twice. A crash between the write and the
 * message loses that question: it is sent at most once, and the ticket still closes on silence.
 */
export class FollowUps {
  constructor(private readonly deps: FollowUpsDeps) {}

  /** What is due for this resolved ticket now: the question, the closing, or nothing. */
  async check(ticket: Ticket, now: Date): Promise<'asked' | 'closed' | undefined> {
    const resolvedAt = ticket.resolution?.at;
    if (ticket.status !== 'resolved' || !resolvedAt) return undefined;
    const followUp = currentFollowUp(ticket);
    if (!followUp) {
      const due = Date.parse(resolvedAt) + this.deps.afterMs;
      if (due > now.getTime()) return undefined;
      // Resolved longer ago than a whole follow-up lasts (before follow-ups were switched on, or
      // while the job was down): a question weeks late would confuse; it is closed, as silence would.
      if (due + this.deps.autoCloseMs <= now.getTime())
        return (await this.closeUnasked(ticket.id, resolvedAt, now)) ? 'closed' : undefined;
      return (await this.ask(ticket, resolvedAt, now)) ? 'asked' : undefined;
    }
    if (!awaitingAnswer(ticket) || Date.parse(followUp.askedAt) + this.deps.autoCloseMs > now.getTime())
      return undefined;
    return (await this.expire(ticket.id, now)) ? 'closed' : undefined;
  }

  /** The user's answer; undefined when the ticket no longer waits for one (answered, reopened, closed). */
  async answer(ticketId: string, answer: FollowUpAnswer, user: TicketActor): Promise<Ticket | undefined> {
    const at = this.deps.clock().toISOString();
    const answered = await this.deps.tickets.updateFollowUpIf(ticketId, user, awaitingAnswer, (ticket) => {
      const followUp: TicketFollowUp = { ...currentFollowUp(ticket)!, answer, answeredAt: at };
      if (answer === 'held')
        return {
          followUp,
          status: 'closed',
          entries: [
            ['follow-up', { to: 'the fix held' }],
            ['status', { from: ticket.status, to: 'closed', why: 'the user said the fix held' }],
          ],
        };
      const priority = raisedPriority(ticket.priority);
      const entries: TicketHistoryChange[] = [
        ['follow-up', { to: 'the fix did not hold' }],
        ['status', { from: ticket.status, to: 'open', why: 'the user said the fix did not hold' }],
      ];
      if (priority !== ticket.priority)
        entries.push(['priority', { from: ticket.priority, to: priority, why: 'the fix did not hold' }]);
      if (ticket.assignee)
        entries.push(['assignee', { from: ticket.assignee.name, why: 'back in the queue' }]);
      return {
        followUp,
        status: 'open',
        priority,
        // Back in the queue: whoever picks it up next sees why in the history.
        unassign: true,
        entries,
      };
    });
    if (answered) await this.updated(answered, 'status');
    return answered;
  }

  private async ask(ticket: Ticket, resolvedAt: string, now: Date): Promise<boolean> {
    const claimed = await this.deps.tickets.updateFollowUpIf(
      ticket.id,
      SYSTEM,
      (current) =>
        current.status === 'resolved' &&
        current.resolution?.at === resolvedAt &&
        current.followUp?.for !== resolvedAt,
      () => ({
        followUp: { for: resolvedAt, askedAt: now.toISOString() },
        entries: [['follow-up', { to: 'asked whether the fix held' }]],
      }),
    );
    if (!claimed) return false;
    const delivery = await this.send(claimed);
    await this.deps.tickets.updateFollowUpIf(
      claimed.id,
      SYSTEM,
      (current) => current.followUp?.for === resolvedAt,
      (current) => ({ followUp: { ...current.followUp!, delivery }, entries: [] }),
    );
    return true;
  }

  private async closeUnasked(ticketId: string, resolvedAt: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const closed = await this.deps.tickets.updateFollowUpIf(
      ticketId,
      SYSTEM,
      (current) =>
        current.status === 'resolved' &&
        current.resolution?.at === resolvedAt &&
        current.followUp?.for !== resolvedAt,
      (current) => ({
        followUp: { for: resolvedAt, askedAt: at, delivery: 'undelivered', expiredAt: at },
        status: 'closed',
        entries: [
          [
            'status',
            { from: current.status, to: 'closed', why: 'resolved too long ago to follow up; closed unasked' },
          ],
        ],
      }),
    );
    if (closed) await this.updated(closed, 'status');
    return closed !== undefined;
  }

  private async expire(ticketId: string, now: Date): Promise<boolean> {
    const days = Math.round((this.deps.autoCloseMs / 86_400_000) * 10) / 10;
    const closed = await this.deps.tickets.updateFollowUpIf(
      ticketId,
      SYSTEM,
      (current) =>
        awaitingAnswer(current) &&
        Date.parse(currentFollowUp(current)!.askedAt) + this.deps.autoCloseMs <= now.getTime(),
      (current) => ({
        followUp: { ...currentFollowUp(current)!, expiredAt: now.toISOString() },
        status: 'closed',
        entries: [
          [
            'status',
            { from: current.status, to: 'closed', why: `no answer to the follow-up in ${days} days` },
          ],
        ],
      }),
    );
    if (closed) await this.updated(closed, 'status');
    return closed !== undefined;
  }

  /**
   * Sends the question the way a technician's reply would go; a user the chat does not reach
   * right now who has an e-mail address (verified, or given for follow-up) also gets it by e-mail.
   * How it went, for the ticket.
   */
  private async send(ticket: Ticket): Promise<NonNullable<TicketReply['delivery']>> {
    const inChat = await this.sendInChat(ticket);
    if (inChat !== 'on-return' && inChat !== 'undelivered') return inChat;
    return (await this.sendEmail(ticket)) ? 'email' : inChat;
  }

  private async sendEmail(ticket: Ticket): Promise<boolean> {
    const { mail } = this.deps;
    const to = ticket.user.email;
    if (!mail || !to) return false;
    const t = (key: string) =>
      mail.catalogue.t(ticket.language, key, { ticket: ticket.number, link: mail.chatUrl ?? '' });
    const lines = [
      t('followUp.emailQuestion'),
      mail.chatUrl ? t('followUp.emailAnswerAt') : t('followUp.emailAnswerInChat'),
    ];
    try {
      await mail.sender.send({
        to,
        subject: t('followUp.emailSubject'),
        text: lines.join('\n\n'),
        html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return true;
    } catch (err) {
      this.deps.logger.warn({ err, ticket: ticket.number }, 'the follow-up e-mail could not be sent');
      return false;
    }
  }

  private async sendInChat(ticket: Ticket): Promise<NonNullable<TicketReply['delivery']>> {
    const reference = referenceOf(ticket);
    if (!reference?.conversation?.id) return 'undelivered';
    try {
      // The answer may come at once (a live user clicks): the question is pending before it is seen.
      await this.deps.pending.askFollowUp(ticket.conversationId, ticket.id, ticket.language);
      await this.deps.upstream.send(reference, [
        this.deps.prompts.question(ticket.language, ticket.channelId, ticket.number),
      ]);
    } catch (err) {
      this.deps.logger.warn(
        { err, ticket: ticket.number },
        'the follow-up question could not reach the user',
      );
      return 'undelivered';
    }
    const chat = await this.deps.chats.get(ticket.conversationId);
    const idleMs = chat ? this.deps.clock().getTime() - Date.parse(chat.lastMessageAt) : Infinity;
    if (idleMs <= LIVE_WINDOW_MS) return 'live';
    return KEPT_FOR_RETURN.has(ticket.channelId) ? 'on-return' : 'proactive';
  }

  private async updated(ticket: Ticket, change: string): Promise<void> {
    await this.deps.events.emit({
      type: 'ticket.updated',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      change,
      ...(ticket.assignee && { assigneeId: ticket.assignee.id }),
    });
  }
}

/**
 * The ticket's way back to its conversation; for the built-in web chat, one made from the
 * conversation id (its adapter needs nothing else) when an older ticket kept none.
 */
function referenceOf(ticket: Ticket): Partial<ConversationReference> | undefined {
  if (ticket.upstream?.conversation?.id) return ticket.upstream;
  if (ticket.channelId !== 'directline' || !ticket.conversationId) return undefined;
  return {
    channelId: 'directline',
    conversation: { id: ticket.conversationId } as ConversationReference['conversation'],
    user: { id: ticket.user.id, name: ticket.user.name ?? '' },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
