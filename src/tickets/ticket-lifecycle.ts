import { randomUUID } from 'node:crypto';
import {
  ACTIVE_TICKET_STATUSES,
  type TicketActor,
  type TicketHistoryEntry,
  type TicketSla,
  type TicketStatus,
} from './ticket-types';

/**
 * Lifecycle: new → open ⇄ pending / on hold → resolved → closed; a resolved ticket may be
 * reopened; closed is final. Only a merge closes a ticket that was not resolved (the duplicate).
 */
const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'on-hold', 'resolved'],
  open: ['pending', 'on-hold', 'resolved'],
  pending: ['open', 'on-hold', 'resolved'],
  'on-hold': ['open', 'pending', 'resolved'],
  resolved: ['closed', 'open'],
  closed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isActive(status: TicketStatus): boolean {
  return ACTIVE_TICKET_STATUSES.includes(status);
}

/** A ticket keeps at most this many history entries; the oldest go first (after a marker). */
export const MAX_HISTORY = 500;

/** The history with `added` appended, the oldest entries dropped when it grows past MAX_HISTORY. */
export function appendHistory(
  history: readonly TicketHistoryEntry[] | undefined,
  added: readonly TicketHistoryEntry[],
  at: string,
): TicketHistoryEntry[] {
  const all = [...(history ?? []), ...added];
  if (all.length <= MAX_HISTORY) return all;
  // The marker says how many went, so the timeline never silently pretends to be complete.
  const droppedBefore = all[0]?.change === 'trimmed' ? Number(all[0].to ?? 0) : 0;
  const entries = all.filter((entry) => entry.change !== 'trimmed');
  const kept = entries.slice(-(MAX_HISTORY - 1));
  const dropped = droppedBefore + entries.length - kept.length;
  const marker: TicketHistoryEntry = {
    id: randomUUID(),
    at,
    by: { kind: 'system', name: 'FirstLine' },
    change: 'trimmed',
    to: String(dropped),
  };
  return [marker, ...kept];
}

export function historyEntry(
  by: TicketActor,
  at: string,
  change: TicketHistoryEntry['change'],
  values: { from?: string; to?: string; why?: string } = {},
): TicketHistoryEntry {
  const entry: TicketHistoryEntry = { id: randomUUID(), at, by, change };
  if (values.from !== undefined) entry.from = values.from;
  if (values.to !== undefined) entry.to = values.to;
  if (values.why) entry.why = values.why;
  return entry;
}

/**
 * The next SLA due time not yet met, for the worklist's "breaching" filter and sort: the first
 * response while nobody has answered, then the resolution; none once the ticket is resolved.
 */
export function nextDueAt(status: TicketStatus, sla: TicketSla | undefined): string | undefined {
  if (!sla || !isActive(status)) return undefined;
  // A paused resolution clock (waiting for the user) is not running out.
  const resolution = sla.pausedAt ? undefined : sla.resolutionDueAt;
  const due = [sla.firstRespondedAt ? undefined : sla.firstResponseDueAt, resolution].filter(
    (at): at is string => typeof at === 'string',
  );
  return due.sort()[0];
}
