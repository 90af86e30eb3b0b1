import type { DocumentCollection } from '../storage/ports';
import {
  comparePageOrder,
  decodeCursor,
  encodeCursor,
  isAfter,
  matchesFilters,
  pageSize,
  searchableText,
  searchedNumber,
  searchTerms,
  sortKeyOf,
} from './ticket-query';
import type { Ticket, TicketPage, TicketQuery } from './ticket-types';

/** The newest tickets a scan looks at; older ones are out of the worklist's reach. */
const SCAN_LIMIT = 5000;

/** The worklist read by scanning the newest tickets and filtering them here. */
export async function queryTickets(tickets: DocumentCollection<Ticket>, q: TicketQuery): Promise<TicketPage> {
  const sort = q.sort ?? 'createdAt';
  const direction = q.direction ?? 'desc';
  const after = q.cursor ? decodeCursor(q.cursor, sort, direction) : undefined;
  const limit = pageSize(q.limit);
  const number = searchedNumber(q.q);
  const terms = searchTerms(q.q);
  const scanned = await tickets.find({
    where: q.status ? { status: { in: q.status } } : {},
    orderBy: [{ field: 'createdAt', direction: 'desc' }],
    limit: SCAN_LIMIT,
  });
  const found = scanned
    .filter((ticket) => matchesFilters(ticket, q))
    .filter((ticket) => {
      if (terms.length === 0) return true;
      if (number && ticket.number === number) return true;
      const text = searchableText(ticket);
      return terms.every((term) => text.includes(term));
    })
    .filter((ticket) => !after || isAfter(ticket, after))
    .sort(comparePageOrder(sort, direction));
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    tickets: page,
    ...(found.length > limit && last
      ? { nextCursor: encodeCursor({ sort, direction, key: sortKeyOf(last, sort), id: last.id }) }
      : {}),
  };
}
