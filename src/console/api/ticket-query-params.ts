import { AppError } from '../../errors';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import {
  ACTIVE_TICKET_STATUSES,
  MAX_PAGE_SIZE,
  PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketQuery,
} from '../../tickets';

/** The worklist's saved views: each is a set of filters, combined with any given explicitly. */
export const SAVED_VIEWS = ['my-open', 'unassigned', 'waiting-for-user', 'breaching-sla'] as const;
export type SavedView = (typeof SAVED_VIEWS)[number];

const SORTS = ['createdAt', 'updatedAt', 'priority', 'dueAt'] as const;
const DIRECTIONS = ['asc', 'desc'] as const;
const MAX_SEARCH_CHARS = 200;
const MAX_LABEL_CHARS = 100;
const MAX_LIST_ITEMS = 20;
const MAX_CURSOR_CHARS = 1000;

/** listTickets' query parameters, described once for the route and the OpenAPI document. */
export const TICKET_QUERY_PARAMETERS: Record<string, { description: string }> = {
  view: { description: `A saved view: ${SAVED_VIEWS.join(', ')} (combined with the filters below)` },
  status: { description: `Comma-separated: ${TICKET_STATUSES.join(', ')}` },
  assignee: { description: 'A technician id, `me` or `none` (unassigned)' },
  team: { description: 'Comma-separated team names' },
  priority: { description: `Comma-separated: ${PRIORITIES.join(', ')}` },
  language: { description: `Comma-separated: ${LANGUAGES.join(', ')}` },
  category: { description: 'Comma-separated categories' },
  channel: { description: 'Comma-separated channel ids (msteams, directline, ...)' },
  type: { description: `Comma-separated: ${TICKET_TYPES.join(', ')}` },
  createdFrom: { description: 'Created at or after this instant (ISO 8601)' },
  createdTo: { description: 'Created at or before this instant (ISO 8601)' },
  updatedFrom: { description: 'Updated at or after this instant (ISO 8601)' },
  updatedTo: { description: 'Updated at or before this instant (ISO 8601)' },
  q: { description: 'Search: the number, the category, the user, the problem and the transcript' },
  sort: { description: `${SORTS.join(', ')} (default createdAt)` },
  direction: { description: 'asc or desc (default desc)' },
  cursor: { description: "The previous page's nextCursor" },
  limit: { description: `Tickets per page, 1-${MAX_PAGE_SIZE} (default 25)` },
};

/**
 * The worklist question from listTickets' query parameters, or a 400 naming the parameter.
 * `me` is the caller's id; `now` decides what "breaching" means.
 */
export function ticketQueryFrom(
  params: Record<string, string>,
  me: string,
  now: Date,
): Omit<TicketQuery, 'visibleTo'> {
  for (const name of Object.keys(params)) {
    if (!(name in TICKET_QUERY_PARAMETERS))
      throw bad(name, `unknown parameter; use ${Object.keys(TICKET_QUERY_PARAMETERS).join(', ')}`);
  }
  const query: Omit<TicketQuery, 'visibleTo'> = {
    ...viewFilters(params.view, me, now),
    ...definedOnly({
      status: oneOfList(params, 'status', TICKET_STATUSES),
      assigneeId: assignee(params.assignee, me),
      team: labels(params, 'team'),
      priority: oneOfList(params, 'priority', PRIORITIES),
      language: oneOfList(params, 'language', LANGUAGES) as Lang[] | undefined,
      category: labels(params, 'category'),
      channelId: labels(params, 'channel'),
      type: oneOfList(params, 'type', TICKET_TYPES),
      createdFrom: instant(params, 'createdFrom'),
      createdTo: instant(params, 'createdTo'),
      updatedFrom: instant(params, 'updatedFrom'),
      updatedTo: instant(params, 'updatedTo'),
      q: search(params.q),
      sort: oneOf(params, 'sort', SORTS),
      direction: oneOf(params, 'direction', DIRECTIONS),
      cursor: cursor(params.cursor),
      limit: limit(params.limit),
    }),
  };
  return query;
}

function viewFilters(view: string | undefined, me: string, now: Date): Omit<TicketQuery, 'visibleTo'> {
  if (view === undefined || view === '') return {};
  switch (view as SavedView) {
    case 'my-open':
      return { assigneeId: me, status: ACTIVE_TICKET_STATUSES };
    case 'unassigned':
      return { assigneeId: null, status: ACTIVE_TICKET_STATUSES };
    case 'waiting-for-user':
      return { status: ['pending'] };
    case 'breaching-sla':
      return {
        status: ACTIVE_TICKET_STATUSES,
        dueBefore: now.toISOString(),
        sort: 'dueAt',
        direction: 'asc',
      };
    default:
      throw bad('view', `use one of ${SAVED_VIEWS.join(', ')}`);
  }
}

function assignee(value: string | undefined, me: string): string | null | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'me') return me;
  if (value === 'none') return null;
  if (value.length > MAX_LABEL_CHARS) throw bad('assignee', 'give a technician id, me or none');
  return value;
}

function list(params: Record<string, string>, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined || value.trim() === '') return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length > MAX_LIST_ITEMS) throw bad(name, `give at most ${MAX_LIST_ITEMS} values`);
  return items;
}

function labels(params: Record<string, string>, name: string): string[] | undefined {
  const items = list(params, name);
  if (items?.some((item) => item.length > MAX_LABEL_CHARS))
    throw bad(name, `each value is at most ${MAX_LABEL_CHARS} characters`);
  return items;
}

function oneOfList<T extends string>(
  params: Record<string, string>,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const items = list(params, name);
  const wrong = items?.find((item) => !(allowed as readonly string[]).includes(item));
  if (wrong !== undefined) throw bad(name, `"${wrong.slice(0, 40)}" is not one of ${allowed.join(', ')}`);
  return items as T[] | undefined;
}

function oneOf<T extends string>(
  params: Record<string, string>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw bad(name, `use one of ${allowed.join(', ')}`);
  return value as T;
}

function instant(params: Record<string, string>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw bad(name, 'give an ISO 8601 date or instant, e.g. 2026-12-01T00:00:00Z');
  return new Date(at).toISOString();
}

function search(value: string | undefined): string | undefined {
  const q = value?.trim();
  if (!q) return undefined;
  if (q.length > MAX_SEARCH_CHARS) throw bad('q', `give at most ${MAX_SEARCH_CHARS} characters`);
  return q;
}

function cursor(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_CURSOR_CHARS) throw bad('cursor', "pass the previous page's nextCursor as it is");
  return value;
}

function limit(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw bad('limit', `give a whole number 1-${MAX_PAGE_SIZE}`);
  return n;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function bad(name: string, message: string): AppError {
  return new AppError('BadArgument', `Invalid "${name}": ${message}.`);
}
