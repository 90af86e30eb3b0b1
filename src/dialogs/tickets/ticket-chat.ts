import type { TurnContext } from 'botbuilder';
import type { Dialog, DialogContext } from 'botbuilder-dialogs';
import { isTimeZone, type Handoff } from '../../handoff';
import type { Lang } from '../../i18n/languages';
import type { Ticket, TicketStatus } from '../../tickets';
import { languageOf, say, type DialogServices } from '../dialog-services';
import { words } from '../small-talk/phrases';
import { recogniseTicketCommand, type TicketCommand } from './recognise-ticket-command';
import { REOPEN_WHICH, ReopenWhichDialog } from './reopen-dialog';
import { ticketsMessage, type TicketView } from './ticket-card';
import { ownsTicket, userActor, type TicketChatOptions } from './ticket-chat-port';

/** "my tickets" shows this many, the most recently changed first. */
const MINE_LIMIT = 10;
/** Resolved tickets looked at for "it's broken again", the most recently changed first. */
const REOPEN_CANDIDATES = 20;
/** A title is the first line of the problem, cut to this many characters. */
const TITLE_CHARS = 70;
/** Words this long or longer compare by their first letters, so "drukarka" meets "drukarki". */
const STEM_CHARS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

const LOCALES: Record<Lang, string> = { en: 'en-GB', de: 'de-DE', pl: 'pl-PL', ro: 'ro-RO' };

/**
 * The user's own tickets in chat: status, "my tickets", a comment, closing one and reopening
 * one. Another user's number gets exactly the answer a number that does not exist gets.
 */
export class TicketChat {
  readonly dialogs: readonly Dialog[];
  private readonly clock: () => Date;

  constructor(
    private readonly services: DialogServices,
    private readonly options: TicketChatOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.dialogs = [
      new ReopenWhichDialog(services, async (context, id) => {
        const ticket = await options.tickets.byIdOrNumber(id);
        if (ticket && ownsTicket(ticket, context.activity)) await this.reopen(context, ticket);
      }),
    ];
  }

  /**
   * Answers the message when it is about the user's tickets; false leaves it to the rest of the
   * bot. A command naming a ticket (or "my tickets") interrupts any question and asks it again
   * after; "it's broken again" without a number is an answer while a question is open ("did that
   * work?") and a problem for the knowledge base when no recently resolved ticket of the user fits.
   */
  async answer(dc: DialogContext, text: string): Promise<boolean> {
    const command = recogniseTicketCommand(text, this.services.words);
    if (!command) return false;
    const { context } = dc;
    if (command.kind === 'reopen' && !command.number) {
      if (dc.activeDialog) return false;
      return this.reopenRecent(dc, command.subject);
    }
    // While asked which ticket to reopen, "HD-1003" picks one rather than asking its status.
    if (command.kind === 'status' && dc.activeDialog?.id === REOPEN_WHICH) return false;
    await this.run(context, command, text);
    if (dc.activeDialog) await dc.repromptDialog();
    return true;
  }

  private async run(context: TurnContext, command: TicketCommand, text: string): Promise<void> {
    switch (command.kind) {
      case 'mine':
        return this.showMine(context);
      case 'status':
        return this.showStatus(context, command.numbers);
      case 'comment':
        return this.comment(context, command.number, command.text);
      case 'close':
        return this.close(context, command.number, text);
      case 'reopen':
        return this.reopenNumber(context, command.number ?? '', text);
    }
  }

  /** The ticket with this number when it is the user's; otherwise nothing, whether or not it exists. */
  private async own(context: TurnContext, number: string): Promise<Ticket | undefined> {
    const ticket = await this.options.tickets.byIdOrNumber(number);
    return ticket && ownsTicket(ticket, context.activity) ? ticket : undefined;
  }

  private notFound(context: TurnContext, number: string): Promise<void> {
    return say(context, this.services, 'ticketChat.notFound', { ticket: number });
  }

  private async showStatus(context: TurnContext, numbers: readonly string[]): Promise<void> {
    const found: Ticket[] = [];
    const missing: string[] = [];
    for (const number of numbers) {
      const ticket = await this.own(context, number);
      if (ticket) found.push(ticket);
      else missing.push(number);
    }
    const language = languageOf(context, this.services);
    const note = missing.map((n) => this.t(language, 'ticketChat.notFound', { ticket: n })).join('\n\n');
    if (found.length === 0) {
      for (const number of missing) await this.notFound(context, number);
      return;
    }
    await context.sendActivity(this.card(context, found, { note: note || undefined }));
  }

  private async showMine(context: TurnContext): Promise<void> {
    const userId = context.activity.from?.id;
    const page = userId
      ? await this.options.tickets.query({ userId, sort: 'updatedAt', direction: 'desc', limit: MINE_LIMIT })
      : { tickets: [] };
    const mine = page.tickets.filter((t) => ownsTicket(t, context.activity));
    if (mine.length === 0) return say(context, this.services, 'ticketChat.none');
    const language = languageOf(context, this.services);
    await context.sendActivity(
      this.card(context, mine, { heading: this.t(language, 'ticketChat.title.mine') }),
    );
  }

  /** The user's words as a public reply on the ticket, passed on at once to a technician who is live. */
  private async comment(context: TurnContext, number: string, text: string): Promise<void> {
    const ticket = await this.own(context, number);
    if (!ticket) return this.notFound(context, number);
    if (!text) return say(context, this.services, 'ticketChat.commentEmpty', { ticket: ticket.number });
    if (ticket.status === 'closed')
      return say(context, this.services, 'ticketChat.commentClosed', { ticket: ticket.number });
    const by = userActor(ticket, context.activity);
    await this.options.tickets.reply(ticket.id, by, text);
    // "Waiting for your reply" is over once the user replied.
    if (ticket.status === 'pending')
      await this.options.tickets.transition(ticket.id, 'open', by, 'the user replied in chat');
    const live = await this.relay(context, ticket, text);
    if (live?.state === 'assigned' && live.assignedToName) {
      const name = firstName(live.assignedToName);
      return say(context, this.services, 'ticketChat.commentRelayed', { ticket: ticket.number, name });
    }
    // Nobody has it live: the console tells the assignee (and leads) that the user replied.
    await this.options.handoffs?.emit({
      type: 'ticket.replied',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      by: { kind: by.kind, name: by.name },
      text,
      ...(ticket.assignee ? { assigneeId: ticket.assignee.id } : {}),
    });
    await say(context, this.services, 'ticketChat.commentAdded', { ticket: ticket.number });
  }

  private async close(context: TurnContext, number: string, text: string): Promise<void> {
    const ticket = await this.own(context, number);
    if (!ticket) return this.notFound(context, number);
    if (ticket.status === 'resolved' || ticket.status === 'closed') {
      const status = this.statusLabel(context, ticket.status);
      return say(context, this.services, 'ticketChat.alreadyResolved', { ticket: ticket.number, status });
    }
    const resolved = await this.options.tickets.transition(
      ticket.id,
      'resolved',
      userActor(ticket, context.activity),
      text,
    );
    await this.changed(resolved);
    // Nobody needs to pick up a ticket its user closed; a technician already live is told why.
    const live = await this.relay(context, ticket, text);
    if (live?.state === 'queued') await this.options.handoffs?.cancelByUser(live.id);
    await say(context, this.services, 'ticketChat.resolved', { ticket: ticket.number });
  }

  private async reopenNumber(context: TurnContext, number: string, text: string): Promise<void> {
    const ticket = await this.own(context, number);
    if (!ticket) return this.notFound(context, number);
    if (ticket.status === 'resolved') return this.reopen(context, ticket, text);
    if (ticket.status === 'closed')
      return say(context, this.services, 'ticketChat.closedForGood', { ticket: ticket.number });
    const status = this.statusLabel(context, ticket.status);
    await say(context, this.services, 'ticketChat.stillOpen', { ticket: ticket.number, status });
  }

  /** Back to open, with the assignee it had (the store keeps it), so it is in the worklist again. */
  private async reopen(context: TurnContext, ticket: Ticket, why?: string): Promise<void> {
    const reason = why ?? (context.activity.text || undefined);
    const reopened = await this.options.tickets.transition(
      ticket.id,
      'open',
      userActor(ticket, context.activity),
      reason,
    );
    await this.changed(reopened);
    const vars = { ticket: ticket.number, title: titleOf(ticket) };
    if (reopened.assignee)
      return say(context, this.services, 'ticketChat.reopenedAssigned', {
        ...vars,
        name: firstName(reopened.assignee.name),
      });
    await say(context, this.services, 'ticketChat.reopened', vars);
  }

  /** "It's broken again": the one recently resolved ticket it fits, or the question which. */
  private async reopenRecent(dc: DialogContext, subject: readonly string[]): Promise<boolean> {
    const { context } = dc;
    const candidates = await this.recentlyResolved(context, subject);
    if (candidates.length === 0) return false;
    if (candidates.length === 1) {
      await this.reopen(context, candidates[0]!);
      return true;
    }
    const tickets = candidates.map((t) => ({ id: t.id, label: `${t.number}: ${titleOf(t)}` }));
    await dc.beginDialog(REOPEN_WHICH, { tickets });
    return true;
  }

  private async recentlyResolved(context: TurnContext, subject: readonly string[]): Promise<Ticket[]> {
    const userId = context.activity.from?.id;
    if (!userId) return [];
    const { tickets } = await this.options.tickets.query({
      userId,
      status: ['resolved'],
      sort: 'updatedAt',
      direction: 'desc',
      limit: REOPEN_CANDIDATES,
    });
    const since = this.clock().getTime() - this.options.reopenWithinDays * DAY_MS;
    return tickets.filter(
      (t) => ownsTicket(t, context.activity) && Date.parse(resolvedAt(t)) >= since && isAbout(t, subject),
    );
  }

  /**
   * Passes the user's words on to the technicians' live view of the ticket's hand-over, unless the
   * hand-over owns this very conversation (then it relayed the message before the bot saw it).
   */
  private async relay(context: TurnContext, ticket: Ticket, text: string): Promise<Handoff | undefined> {
    const { handoffs } = this.options;
    if (!handoffs) return undefined;
    const live = await handoffs.ownerOf(ticket.conversationId);
    if (!live || live.ticketId !== ticket.id) return undefined;
    if (live.conversationId !== context.activity.conversation?.id) {
      await handoffs.emit({
        type: 'message',
        handoffId: live.id,
        ticketNumber: ticket.number,
        from: 'user',
        state: live.state,
        text,
        attachments: [],
        files: [],
      });
    }
    return live;
  }

  /** The worklists and the assignee's console follow a status the user changed. */
  private async changed(ticket: Ticket): Promise<void> {
    await this.options.handoffs?.emit({
      type: 'ticket.updated',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      change: 'status',
      status: ticket.status,
      by: 'user',
      ...(ticket.assignee ? { assigneeId: ticket.assignee.id } : {}),
    });
  }

  private card(context: TurnContext, tickets: readonly Ticket[], extra: { heading?: string; note?: string }) {
    const language = languageOf(context, this.services);
    const t = (key: string) => this.t(language, key);
    const zone = isTimeZone(context.activity.localTimezone)
      ? context.activity.localTimezone
      : this.options.timeZone;
    const dates = new Intl.DateTimeFormat(LOCALES[language], {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: zone,
    });
    const views: TicketView[] = tickets.map((ticket) => ({
      number: ticket.number,
      title: titleOf(ticket),
      status: t(`ticketChat.status.${ticket.status}`),
      updated: dates.format(new Date(ticket.updatedAt)),
      assignee: ticket.assignee ? firstName(ticket.assignee.name) : t('ticketChat.unassigned'),
    }));
    return ticketsMessage(views, {
      channelId: context.activity.channelId,
      locale: language,
      labels: {
        status: t('ticketChat.field.status'),
        updated: t('ticketChat.field.updated'),
        assignee: t('ticketChat.field.assignee'),
      },
      line: (view) => this.t(language, 'ticketChat.line', { ...view, ticket: view.number }),
      ...extra,
    });
  }

  private statusLabel(context: TurnContext, status: TicketStatus): string {
    return this.t(languageOf(context, this.services), `ticketChat.status.${status}`);
  }

  private t(language: Lang, key: string, vars?: Record<string, string>): string {
    return this.services.catalogue.t(language, key, vars);
  }
}

/** Technicians are named to users by their first name only. */
function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** The first line of the user's own problem, cut short; the summary when there is none. */
function titleOf(ticket: Ticket): string {
  const line = (ticket.problem.split('\n').find((l) => l.trim()) ?? ticket.summary).trim();
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…` : line;
}

/** When it was resolved: the last status change to resolved in its history, else its resolution. */
function resolvedAt(ticket: Ticket): string {
  const entry = [...(ticket.history ?? [])]
    .reverse()
    .find((h) => h.change === 'status' && h.to === 'resolved');
  return entry?.at ?? ticket.resolution?.at ?? ticket.updatedAt;
}

/** Any ticket when nothing was named; else one whose problem or category shares a word with it. */
function isAbout(ticket: Ticket, subject: readonly string[]): boolean {
  if (subject.length === 0) return true;
  const said = words(`${ticket.problem} ${ticket.category}`);
  const stem = (w: string) => w.slice(0, STEM_CHARS);
  return subject.some((s) =>
    said.some(
      (w) => w === s || (s.length >= STEM_CHARS - 1 && w.length >= STEM_CHARS - 1 && stem(w) === stem(s)),
    ),
  );
}
