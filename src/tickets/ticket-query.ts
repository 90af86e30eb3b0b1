import { NO_DUE_TIME } from '../storage/worklist';
import { PRIORITIES, type Priority, type Ticket, type TicketQuery } from './ticket-types';

/** A page holds 25 tickets unless asked otherwise, and never more than 100. */
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
/** Search words beyond these are ignored, and each is cut to this length: a search stays cheap. */
export const MAX_SEARCH_TERMS = 8;
export const MAX_TERM_CHARS = 64;

export type TicketSort = NonNullable<TicketQuery['sort']>;
export type SortDirection = NonNullable<TicketQuery['direction']>;

/** Thrown for a query the store cannot answer as asked (a cursor of another sort, a bad date). */
export class TicketQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TicketQueryError';
  }
}

/** Where a page ended: the last ticket's sort key and id, and the order it was read in. */
export interface PagePosition {
  sort: TicketSort;
  direction: SortDirection;
  key: string;
  id: string;
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
}

/** urgent 3 … low 0, so that "descending" reads most urgent first, as it reads newest first. */
export function urgencyOf(priority: Priority | string | undefined): number {
  const rank = PRIORITIES.indexOf(priority as Priority);
  return PRIORITIES.length - 1 - (rank < 0 ? PRIORITIES.indexOf('normal') : rank);
}

/**
 * Every sort is on one string (then the id), so pages continue from a (key, id) pair: the key
 * of a priority sort is the urgency followed by the creation time (newest first among equals).
 */
export function sortKeyOf(ticket: Ticket, sort: TicketSort): string {
  switch (sort) {
    case 'createdAt':
      return ticket.createdAt;
    case 'updatedAt':
      return ticket.updatedAt;
    case 'priority':
      return `${urgencyOf(ticket.priority)}${ticket.createdAt}`;
    case 'dueAt':
      return ticket.sla?.dueAt ?? NO_DUE_TIME;
  }
}

export function encodeCursor(position: PagePosition): string {
  const { sort, direction, key, id } = position;
  return Buffer.from(JSON.stringify([sort, direction, key, id]), 'utf8').toString('base64url');
}

/** The position a cursor stands for; an error when it is not one of ours or is of another order. */
export function decodeCursor(cursor: string, sort: TicketSort, direction: SortDirection): PagePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new TicketQueryError('The cursor is not one this list gave.');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    !parsed.every((part) => typeof part === 'string' && part.length <= 200)
  )
    throw new TicketQueryError('The cursor is not one this list gave.');
  const [s, d, key, id] = parsed as string[];
  if (s !== sort || d !== direction)
    throw new TicketQueryError('The cursor belongs to a list sorted another way; start again.');
  return { sort, direction, key: key!, id: id! };
}

/** The words of a search, lower-cased, without duplicates; at most MAX_SEARCH_TERMS. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  const words = q
    .toLowerCase()
    .split(/\s+/u)
    .map((word) => word.slice(0, MAX_TERM_CHARS))
    .filter((word) => word.length > 0);
  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}

/** "HD-1001", "hd-1001" or "1001" as a search is the ticket number HD-1001. */
export function searchedNumber(q: string | undefined): string | undefined {
  const match = /^\s*(?:hd-?)?(\d{1,12})\s*$/iu.exec(q ?? '');
  return match ? `HD-${match[1]}` : undefined;
}

/**
 * The access rule of the hand-over queue (src/handoff/queue-order.ts hasSkillFor), for tickets:
 * a technician sees the tickets assigned to them and those routed to one of their skills; a
 * ticket without skills is everyone's, and the skill '*' sees everything.
 */
export function visibleTo(
  viewer: NonNullable<TicketQuery['visibleTo']>,
  ticket: Pick<Ticket, 'assignee' | 'skills'>,
): boolean {
  if (ticket.assignee?.id === viewer.technicianId) return true;
  if (ticket.skills.length === 0) return true;
  const own = new Set(viewer.skills.map((skill) => skill.toLowerCase()));
  return own.has('*') || ticket.skills.some((skill) => own.has(skill.toLowerCase()));
}

const within = (value: string, from?: string, to?: string): boolean =>
  (from === undefined || value >= from) && (to === undefined || value <= to);

const anyOf = <V>(allowed: readonly V[] | undefined, value: V): boolean =>
  allowed === undefined || allowed.includes(value);

/** Every filter of the query except the search words (the caller searches where the text is). */
export function matchesFilters(ticket: Ticket, q: TicketQuery): boolean {
  if (q.assigneeId !== undefined && (ticket.assignee?.id ?? null) !== q.assigneeId) return false;
  if (q.userId !== undefined && ticket.user.id !== q.userId) return false;
  if (q.dueBefore !== undefined && !(ticket.sla?.dueAt !== undefined && ticket.sla.dueAt < q.dueBefore))
    return false;
  if (q.visibleTo && !visibleTo(q.visibleTo, ticket)) return false;
  return (
    anyOf(q.status, ticket.status) &&
    anyOf(q.priority, ticket.priority) &&
    anyOf(q.language, ticket.language) &&
    anyOf(q.category, ticket.category) &&
    anyOf(q.channelId, ticket.channelId) &&
    anyOf(q.type, ticket.type ?? 'incident') &&
    (q.team === undefined || (ticket.team !== undefined && q.team.includes(ticket.team))) &&
    within(ticket.createdAt, q.createdFrom, q.createdTo) &&
    within(ticket.updatedAt, q.updatedFrom, q.updatedTo)
  );
}
