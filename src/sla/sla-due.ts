import { addWorkingMinutes, workingMinutesBetween, type SupportConfig } from '../handoff';
import { firstResponseAt } from '../storage';
import type { Ticket, TicketSla, TicketStatus, SlaTarget } from '../tickets/ticket-types';
import { targetsFor, type SlaConfig, type SlaTargets } from './sla-config';

/** What due times are computed from: the targets and the opening hours they are counted in. */
export interface SlaPolicy {
  sla: SlaConfig;
  hours: Pick<SupportConfig, 'timeZone' | 'hours' | 'holidays'>;
}

const MINUTE_MS = 60_000;

/** A ticket in these statuses waits for nobody at the desk, not even for a first response. */
const DONE: TicketStatus[] = ['resolved', 'closed'];

/** Nothing a ticket in these statuses waits for is the desk's: the resolution clock stops. */
function pausingStatuses(policy: SlaPolicy): ReadonlySet<TicketStatus> {
  return new Set<TicketStatus>(policy.sla.pauseWhilePending ? ['pending', ...DONE] : DONE);
}

/** Counts time the way the ticket's targets are counted: around the clock, or in opening hours. */
function counter(policy: SlaPolicy, targets: SlaTargets) {
  return {
    add(start: Date, minutes: number): Date | undefined {
      return targets.calendar
        ? new Date(start.getTime() + minutes * MINUTE_MS)
        : addWorkingMinutes(policy.hours as SupportConfig, start, minutes);
    },
    between(from: Date, to: Date): number {
      return targets.calendar
        ? Math.max(0, (to.getTime() - from.getTime()) / MINUTE_MS)
        : workingMinutesBetween(policy.hours as SupportConfig, from, to);
    },
  };
}

/**
 * The spans the ticket spent in a pausing status, from its history's status changes: the ended
 * ones, and the start of the one under way. A ticket without history (stored before it existed)
 * that is paused now is taken as paused since its last change.
 */
function pauses(pausing: ReadonlySet<TicketStatus>, ticket: Ticket): { ended: [Date, Date][]; since?: Date } {
  const changes = (ticket.history ?? [])
    .filter((entry) => entry.change === 'status' && entry.to)
    .sort((a, b) => a.at.localeCompare(b.at));
  const ended: [Date, Date][] = [];
  let status = (changes[0]?.from as TicketStatus | undefined) ?? (changes.length ? 'open' : ticket.status);
  let since = new Date(ticket.createdAt);
  for (const change of changes) {
    const next = change.to as TicketStatus;
    const at = new Date(change.at);
    if (pausing.has(status) && !pausing.has(next)) ended.push([since, at]);
    if (pausing.has(status) !== pausing.has(next)) since = at;
    status = next;
  }
  if (!pausing.has(ticket.status)) return { ended };
  if (changes.length === 0) return { ended, since: new Date(ticket.sla?.pausedAt ?? ticket.updatedAt) };
  return { ended, since };
}

/**
 * The first technician response: a public reply by a technician, or a technician taking the
 * ticket themselves (a claim or pick-up); kept once known.
 */
export function firstResponseOf(ticket: Ticket): string | undefined {
  return firstResponseAt(ticket as unknown as Record<string, unknown>);
}

/** The target running now: the first response until it is met, then the resolution. */
export function runningTarget(sla: TicketSla | undefined): SlaTarget | undefined {
  if (!sla) return undefined;
  if (sla.firstResponseDueAt && !sla.firstRespondedAt) return 'first-response';
  return sla.resolutionDueAt ? 'resolution' : undefined;
}

/**
 * The ticket's due times as its targets, opening hours, first response and pauses make them now
 * (reminder and breach marks are the scheduler's and are not touched here).
 */
export function dueTimes(policy: SlaPolicy, ticket: Ticket): TicketSla {
  const targets = targetsFor(policy.sla, ticket.priority, ticket.category);
  const count = counter(policy, targets);
  const created = new Date(ticket.createdAt);
  const sla: TicketSla = {};
  const firstRespondedAt = firstResponseOf(ticket);
  if (firstRespondedAt) sla.firstRespondedAt = firstRespondedAt;
  // A ticket the bot resolved and the user took back (handed over later, maybe days later) waited
  // for nobody until then: its first-response clock starts when it was reopened, not at creation.
  const doneBeforeResponse = pauses(new Set(DONE), ticket)
    .ended.filter(([, to]) => !firstRespondedAt || to.toISOString() <= firstRespondedAt)
    .reduce((sum, [from, to]) => sum + count.between(from, to), 0);
  let firstResponseDue: Date | undefined;
  if (targets.firstResponse !== undefined) {
    firstResponseDue = count.add(created, targets.firstResponse + doneBeforeResponse);
    if (firstResponseDue) sla.firstResponseDueAt = firstResponseDue.toISOString();
  }
  let resolutionDue: Date | undefined;
  // Working time spent paused (ended pauses only) moves the resolution due time on by as much.
  let paused = 0;
  if (targets.resolution !== undefined) {
    const { ended, since } = pauses(pausingStatuses(policy), ticket);
    paused = ended.reduce((sum, [from, to]) => sum + count.between(from, to), 0);
    resolutionDue = count.add(created, targets.resolution + paused);
    if (resolutionDue) sla.resolutionDueAt = resolutionDue.toISOString();
    if (since) sla.pausedAt = since.toISOString();
  }
  // The reminder of the running target: its share of the target gone, or a time before it is due.
  const target = runningTarget(sla);
  const minutes = target === 'first-response' ? targets.firstResponse : targets.resolution;
  const due = target === 'first-response' ? firstResponseDue : resolutionDue;
  if (target && minutes !== undefined && due) {
    const rule = policy.sla.reminder;
    const lead = rule.kind === 'share' ? minutes * (1 - rule.share) : Math.min(rule.minutes, minutes);
    const remindAt = count.add(
      created,
      minutes - lead + (target === 'resolution' ? paused : doneBeforeResponse),
    );
    if (remindAt) sla.remindAt = remindAt.toISOString();
  }
  return sla;
}

const MARKS = ['remindedAt', 'breachedAt', 'remindedFor', 'breachedFor'] as const;

/**
 * The SLA the ticket should carry after a change: its due times recomputed, with the reminder and
 * breach marks kept, unless the priority or category changed (new targets: they may fire again).
 * Undefined when the SLA stays as it is, or the desk has no targets.
 */
export function slaAfterChange(policy: SlaPolicy, after: Ticket, before?: Ticket): TicketSla | undefined {
  const next = dueTimes(policy, after);
  const retargeted =
    before !== undefined && (before.priority !== after.priority || before.category !== after.category);
  if (!retargeted)
    for (const mark of MARKS) if (after.sla?.[mark]) Object.assign(next, { [mark]: after.sla[mark] });
  return sameSla(next, after.sla ?? {}) ? undefined : next;
}

/** Equal SLA fields, leaving out the store's own `dueAt` (derived from the rest). */
export function sameSla(a: TicketSla, b: TicketSla): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof TicketSla)[]);
  keys.delete('dueAt');
  return [...keys].every((key) => a[key] === b[key]);
}

/** Where a ticket stands against its running target, for the worklist's "time left". */
export interface SlaStanding {
  target: SlaTarget;
  dueAt: string;
  /** Milliseconds until the due time (negative once missed); frozen while paused. */
  leftMs: number;
  paused: boolean;
  breached: boolean;
}

/** The running target's standing at `now`; undefined when the ticket has none (or is done). */
export function slaStanding(ticket: Pick<Ticket, 'sla' | 'status'>, now: Date): SlaStanding | undefined {
  if (ticket.status === 'resolved' || ticket.status === 'closed') return undefined;
  const sla = ticket.sla;
  const target = runningTarget(sla);
  const dueAt = target === 'first-response' ? sla?.firstResponseDueAt : sla?.resolutionDueAt;
  if (!target || !dueAt) return undefined;
  const paused = target === 'resolution' && sla?.pausedAt !== undefined;
  const from = paused && sla?.pausedAt ? Date.parse(sla.pausedAt) : now.getTime();
  const leftMs = Date.parse(dueAt) - from;
  return { target, dueAt, leftMs, paused, breached: leftMs < 0 };
}
