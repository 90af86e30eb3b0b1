import {
  TicketStore,
  type NewTicket,
  type Ticket,
  type TicketActor,
  type TicketQuery,
} from '../../src/tickets';
import type { BackendUnderTest } from '../helpers/each-backend';

export const ANNA: TicketActor = { kind: 'technician', id: 'tech-anna', name: 'Anna' };
export const BEN: TicketActor = { kind: 'technician', id: 'tech-ben', name: 'Ben' };
const MINUTE = 60_000;

export function newTicket(over: Partial<NewTicket> = {}): NewTicket {
  return {
    conversationId: 'conv-1',
    channelId: 'directline',
    user: { id: 'dl_user', name: 'Maria Keller' },
    language: 'en',
    category: 'printer',
    priority: 'normal',
    skills: ['workplace'],
    problem: 'printer jams on the third floor',
    facts: {},
    stepsTried: [],
    articlesSuggested: [],
    origin: 'the user asked for a person',
    ...over,
  };
}

/** A ticket store on the backend whose clock moves a minute with every ticket created. */
export function ticketsOn(backend: BackendUnderTest, redact?: (text: string) => string): TicketStore {
  return new TicketStore(backend.storage, () => new Date(backend.clock.now), undefined, { redact });
}

export async function createAt(
  backend: BackendUnderTest,
  tickets: TicketStore,
  over: Partial<NewTicket> = {},
): Promise<Ticket> {
  backend.clock.now += MINUTE;
  return tickets.create(newTicket(over));
}

/** Every page of the query, followed by cursor; the numbers in the order they came. */
export async function allPages(tickets: TicketStore, q: TicketQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await tickets.query({ ...q, ...(cursor ? { cursor } : {}) });
    pages.push(page.tickets.map((t) => t.number));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}
