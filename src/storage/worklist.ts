/**
 * The worklist index: one row per document of the `tickets` collection with the fields the
 * technicians' list filters and sorts on and the text it searches, kept in step with every write
 * of the collection by the backend itself (so retention, privacy erasure and anonymisation change
 * it too). The ticket store (src/tickets) asks it for pages; the documents stay authoritative.
 * The row also keeps the ticket's figures (ticket-figures.ts) that the insights' reports count.
 */
import { ticketFigures, type TicketFigures } from './ticket-figures';

/** The collection the worklist indexes. */
export const WORKLIST_COLLECTION = 'tickets';

/** Priorities from least to most urgent: the urgency digit of the priority sort. */
const URGENCY = ['low', 'normal', 'high', 'urgent'];
/** Where a ticket without a due time sorts by due time: after every real one. */
export const NO_DUE_TIME = '9999-12-31T23:59:59.999Z';
/**
 * The derivation of a row: raised whenever worklistRow or the figures' rules (ticket-figures.ts)
 * change, so that rows written by an older FirstLine are derived again at start (both backends'
 * `indexMissing`). 1: the figures; 2: the category's words in the searched text; 3: the bot's own
 * fix, taken back, is neither the first resolution nor a reopening of the desk's work.
 */
export const WORKLIST_ROW_VERSION = 3;
/** Characters of the ticket's own text (number, category, user, problem) the search indexes. */
export const MAX_INDEXED_TICKET_CHARS = 6000;
/** Characters of the conversation's transcript (user and technician lines) indexed per ticket. */
export const MAX_INDEXED_TRANSCRIPT_CHARS = 8000;
/** Characters of one transcript line indexed. */
export const MAX_INDEXED_LINE_CHARS = 1000;

export type WorklistSort = 'createdAt' | 'updatedAt' | 'priority' | 'dueAt';

export interface WorklistRow {
  id: string;
  version: number;
  number: string;
  status: string;
  assigneeId: string | null;
  team: string | null;
  priority: string;
  language: string;
  category: string;
  channelId: string;
  /** Absent on tickets stored before types existed: an incident. */
  type: string;
  userId: string | null;
  conversationId: string | null;
  /** Lower case; empty: routed to everyone. */
  skills: string[];
  createdAt: string;
  updatedAt: string;
  /** Urgency digit then creation time: most urgent and newest first when descending. */
  priorityKey: string;
  /** The next SLA due time not yet met, or NO_DUE_TIME. */
  dueKey: string;
  /** Number, category, user's name and e-mail, problem: lower case words (see searchableTerm). */
  text: string;
  /** What the insights' technicians' side counts (ticket-figures.ts). */
  figures: TicketFigures;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const obj = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};

/** The row of one ticket document (any shape: a malformed document gets a row of blanks). */
export function worklistRow(id: string, version: number, body: Record<string, unknown>): WorklistRow {
  const user = obj(body.user);
  const createdAt = str(body.createdAt) ?? '';
  const priority = str(body.priority) ?? 'normal';
  const rank = URGENCY.indexOf(priority);
  // An unknown priority counts as normal, as the ticket store's sort key does.
  const urgency = rank < 0 ? URGENCY.indexOf('normal') : rank;
  const skills = Array.isArray(body.skills)
    ? body.skills.filter((s): s is string => typeof s === 'string').map((s) => s.toLowerCase())
    : [];
  // The category before the problem, which may be long enough to reach the cut.
  const text = searchableTerm(
    [str(body.number), str(body.category), str(user.name), str(user.email), str(body.problem)]
      .filter((part): part is string => part !== null)
      .join(' ')
      .slice(0, MAX_INDEXED_TICKET_CHARS),
  );
  return {
    id,
    version,
    number: str(body.number) ?? '',
    status: str(body.status) ?? '',
    assigneeId: str(obj(body.assignee).id),
    team: str(body.team),
    priority,
    language: str(body.language) ?? '',
    category: str(body.category) ?? '',
    channelId: str(body.channelId) ?? '',
    type: str(body.type) ?? 'incident',
    userId: str(user.id),
    conversationId: str(body.conversationId),
    skills,
    createdAt,
    updatedAt: str(body.updatedAt) ?? createdAt,
    priorityKey: `${urgency}${createdAt}`,
    dueKey: str(obj(body.sla).dueAt) ?? NO_DUE_TIME,
    text,
    figures: ticketFigures(body),
  };
}

/** The sort key column of a sort. */
export function sortField(sort: WorklistSort): 'createdAt' | 'updatedAt' | 'priorityKey' | 'dueKey' {
  return sort === 'priority' ? 'priorityKey' : sort === 'dueAt' ? 'dueKey' : sort;
}

/**
 * A search word as the indexes take it: lower case, without the characters that only separate
 * words; empty when nothing searchable is left.
 */
export function searchableTerm(term: string): string {
  return term
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
