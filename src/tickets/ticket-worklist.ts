import type { StorageBackend, WorklistQuery } from '../storage/ports';
import { searchableTerm } from '../storage/worklist';
import {
  decodeCursor,
  encodeCursor,
  matchesFilters,
  pageSize,
  searchedNumber,
  searchTerms,
  sortKeyOf,
} from './ticket-query';
import type { Ticket, TicketPage, TicketQuery } from './ticket-types';

/**
 * The worklist read from storage's index (an indexed table and FTS5 on SQLite, indexed fields
 * on MongoDB). The tickets it returns are checked against the filters once more: on MongoDB the
 * index may lag a ticket written a moment ago, and the document is what counts.
 */
export async function queryTickets(
  storage: Pick<StorageBackend, 'worklist'>,
  q: TicketQuery,
): Promise<TicketPage> {
  const sort = q.sort ?? 'createdAt';
  const direction = q.direction ?? 'desc';
  const after = q.cursor ? decodeCursor(q.cursor, sort, direction) : undefined;
  const limit = pageSize(q.limit);
  const number = searchedNumber(q.q);
  // "HD-1001" is that ticket; "1001" alone may also be an error code in someone's problem.
  const words = number && /^\s*hd/iu.test(q.q ?? '') ? [] : searchTerms(q.q);
  const terms = [...new Set(words.map(searchableTerm).filter((term) => term.length > 0))];
  // Words that are only punctuation find nothing rather than everything.
  if (words.length > 0 && terms.length === 0) return { tickets: [] };
  const query: WorklistQuery = {
    ...pick(q),
    ...(q.visibleTo && {
      visibleTo: {
        technicianId: q.visibleTo.technicianId,
        skills: q.visibleTo.skills.map((skill) => skill.toLowerCase()),
      },
    }),
    ...(terms.length > 0 && { terms }),
    ...(number && { number }),
    sort,
    direction,
    ...(after && { after: { key: after.key, id: after.id } }),
    // One more than the page, to know whether another page follows.
    limit: limit + 1,
  };
  const found = await storage.worklist.find<Ticket>(query);
  const more = found.length > limit;
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    tickets: page.filter((ticket) => matchesFilters(ticket, q)),
    ...(more && last
      ? { nextCursor: encodeCursor({ sort, direction, key: sortKeyOf(last, sort), id: last.id }) }
      : {}),
  };
}

function pick(q: TicketQuery): Partial<WorklistQuery> {
  const { status, assigneeId, team, priority, language, category, channelId, type, userId } = q;
  const { createdFrom, createdTo, updatedFrom, updatedTo, dueBefore } = q;
  const fields = {
    ...{ status, assigneeId, team, priority, language, category, channelId, type, userId },
    ...{ createdFrom, createdTo, updatedFrom, updatedTo, dueBefore },
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
