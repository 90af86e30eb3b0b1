import type { Activity, Attachment } from 'botbuilder';
import type { Lang } from '../../../src/i18n/languages';
import type { NewTicket, Ticket, TicketActor } from '../../../src/tickets';
import { handoffApp, type UserInChat } from '../handoff/production-handoff';

/** A technician acting on tickets in the tests, as the console would. */
export const ANNA: TicketActor = { kind: 'technician', id: 'tech-anna', name: 'Anna Kowalczyk' };

/** The app as createApp builds it, on a clock the tests set, with tickets made for its chat users. */
export function ticketWorld(options: { start?: string } = {}) {
  const world = handoffApp({ start: options.start ?? '2026-03-02T09:00:00Z' });
  const store = () => world.handoff().tickets;

  /** The Direct Line user id the server gave this chat (the bot's replies are addressed to it). */
  async function userIdOf(chat: UserInChat): Promise<string> {
    const replies = await chat.send('hello');
    const id = replies.find((r) => r.recipient?.id)?.recipient?.id;
    if (!id) throw new Error('no reply addressed to the user');
    return id;
  }

  /** A ticket of this chat's user (or of `user` when given), as the hand-over or a flow opens one. */
  async function ticketOf(
    chat: UserInChat | { id: string; channelId: string; aadObjectId?: string },
    details: Partial<NewTicket> = {},
  ): Promise<Ticket> {
    const user =
      'chat' in chat
        ? { id: await userIdOf(chat), channelId: 'directline', conversationId: await chat.conversationId }
        : { id: chat.id, channelId: chat.channelId, conversationId: `conv-${chat.id}` };
    return store().create({
      conversationId: user.conversationId,
      channelId: user.channelId,
      user: {
        id: user.id,
        ...('aadObjectId' in chat && chat.aadObjectId ? { aadObjectId: chat.aadObjectId } : {}),
      },
      language: 'en' as Lang,
      category: 'printer',
      priority: 'normal',
      skills: [],
      problem: 'The printer on floor 2 prints blank pages',
      facts: {},
      stepsTried: [],
      articlesSuggested: [],
      origin: 'test',
      ...details,
    });
  }

  /** Assigned to Anna and resolved by her at the world's current time. */
  async function resolvedByAnna(ticket: Ticket): Promise<Ticket> {
    await store().assign(ticket.id, { id: ANNA.id!, name: ANNA.name }, ANNA);
    return store().transition(ticket.id, 'resolved', ANNA, 'replaced the toner');
  }

  /**
   * Runs `work` with the clock `daysAgo` days back, then returns to now: a chat's Direct Line
   * token follows the same clock, so the past is visited rather than the present left behind.
   */
  async function daysAgo<T>(days: number, work: () => Promise<T>): Promise<T> {
    const present = world.now.value;
    world.now.value = new Date(present.getTime() - days * 24 * 60 * 60 * 1000);
    try {
      return await work();
    } finally {
      world.now.value = present;
    }
  }

  return { ...world, store, ticketOf, resolvedByAnna, userIdOf, daysAgo };
}

interface CardElement {
  type: string;
  text?: string;
  items?: CardElement[];
  facts?: { title: string; value: string }[];
  actions?: { title: string; data: Record<string, unknown> }[];
}

/** Everything a user reads in these replies, card containers and fact sets included. */
export function readable(replies: readonly Partial<Activity>[]): string {
  const lines: string[] = [];
  const walk = (element: CardElement) => {
    if (element.text) lines.push(element.text);
    for (const fact of element.facts ?? []) lines.push(`${fact.title}: ${fact.value}`);
    for (const item of element.items ?? []) walk(item);
  };
  for (const reply of replies) {
    if (reply.text) lines.push(reply.text);
    for (const card of adaptiveCards(reply)) {
      for (const element of card.body ?? []) walk(element);
      for (const action of card.actions ?? []) lines.push(`[${action.title}]`);
    }
  }
  return lines.join('\n');
}

export function adaptiveCards(
  reply: Partial<Activity>,
): { body?: CardElement[]; actions?: CardElement['actions'] }[] {
  return (reply.attachments ?? [])
    .filter((a: Attachment) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content as { body?: CardElement[]; actions?: CardElement['actions'] });
}
