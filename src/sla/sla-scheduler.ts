import type { ConsoleEvent } from '../handoff';
import { LeasedJob } from '../storage';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import type { TicketStore } from '../tickets';
import {
  ACTIVE_TICKET_STATUSES,
  type SlaTarget,
  type Ticket,
  type TicketActor,
  type TicketSla,
} from '../tickets/ticket-types';
import { dueTimes, runningTarget, sameSla, type SlaPolicy } from './sla-due';

const LEASE_ID = 'sla-reminders';
const PAGE = 100;
const SYSTEM: TicketActor = { kind: 'system', name: 'FirstLine' };
/** A target's marks count for it and for the ones before it: each fires once, in order. */
const ORDER: Record<SlaTarget, number> = { 'first-response': 0, resolution: 1 };
const TARGET_NAMES: Record<SlaTarget, string> = {
  'first-response': 'first response',
  resolution: 'resolution',
};

export interface SlaSchedulerDeps {
  tickets: Pick<TicketStore, 'query' | 'updateSla' | 'updateSlaIf'>;
  storage: Pick<StorageBackend, 'collection'>;
  /** Appends to the console stream (the live feed, and the Teams channel relay that follows it). */
  events: { emit(event: ConsoleEvent): Promise<number> };
  policy: SlaPolicy;
  logger: Logger;
  clock: () => Date;
  intervalMs: number;
}

/** What one pass did, for logs and tests. */
export interface SlaPass {
  /** False when another instance holds the lease. */
  ran: boolean;
  stamped: number;
  reminded: number;
  breached: number;
}

/**
 * Reminds the assignee before a target is missed and escalates to leads when it is. Runs every
 * `intervalMs` on whichever instance holds the lease; each reminder and breach is first written
 * to the ticket by a conditional write that only applies if the ticket has no such mark yet, and
 * only the instance whose write applied tells anyone. So even two holders (a lease expiring
 * mid-pass) never fire one twice. A crash between the write and the event loses that event: a
 * reminder is sent at most once.
 */
export class SlaScheduler {
  private readonly job: LeasedJob<SlaPass>;

  constructor(private readonly deps: SlaSchedulerDeps) {
    this.job = new LeasedJob({
      name: LEASE_ID,
      storage: deps.storage,
      intervalMs: deps.intervalMs,
      clock: deps.clock,
      logger: deps.logger,
      pass: () => this.pass(),
      skipped: { ran: false, stamped: 0, reminded: 0, breached: 0 },
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  /** Settles when no pass is running (the app's idle barrier). */
  idle(): Promise<void> {
    return this.job.idle();
  }

  /** One pass now (if this instance holds the lease), or the one under way; never rejects. */
  runNow(): Promise<SlaPass> {
    return this.job.runNow();
  }

  private async pass(): Promise<SlaPass> {
    const result: SlaPass = { ran: true, stamped: 0, reminded: 0, breached: 0 };
    const now = this.deps.clock();
    let cursor: string | undefined;
    do {
      const page = await this.deps.tickets.query({
        status: ACTIVE_TICKET_STATUSES,
        sort: 'dueAt',
        direction: 'asc',
        limit: PAGE,
        cursor,
      });
      for (const ticket of page.tickets) {
        try {
          await this.check(ticket, now, result);
        } catch (err) {
          this.deps.logger.warn({ err, ticketId: ticket.id }, 'SLA check of a ticket failed; retrying later');
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return result;
  }

  private async check(stored: Ticket, now: Date, result: SlaPass): Promise<void> {
    const ticket = await this.stamp(stored, result);
    const sla = ticket.sla;
    if (!sla) return;
    const at = now.toISOString();
    const done = (mark: SlaTarget | undefined, target: SlaTarget) =>
      mark !== undefined && ORDER[mark] >= ORDER[target];
    // Missed: the later of the targets running out (a missed resolution also covers a first
    // response nobody gave); a paused resolution clock is not running out.
    const missed = (
      [
        ['resolution', sla.pausedAt ? undefined : sla.resolutionDueAt],
        ['first-response', sla.firstRespondedAt ? undefined : sla.firstResponseDueAt],
      ] as const
    ).find(([, due]) => due !== undefined && Date.parse(due) <= now.getTime());
    if (missed) {
      const [target, dueAt = at] = missed;
      if (done(sla.breachedFor, target)) return;
      const marked = await this.deps.tickets.updateSlaIf(
        ticket.id,
        (current) => !done(current.sla?.breachedFor, target),
        {
          breachedAt: at,
          breachedFor: target,
          ...(done(sla.remindedFor, target) ? {} : { remindedFor: target }),
        },
        SYSTEM,
        { to: `${TARGET_NAMES[target]} target missed`, why: `due ${dueAt}; leads told` },
      );
      if (!marked) return;
      await this.deps.events.emit(this.event('sla.breached', marked, target, dueAt));
      result.breached++;
      return;
    }
    const target = runningTarget(sla);
    const dueAt = target === 'first-response' ? sla.firstResponseDueAt : sla.resolutionDueAt;
    if (!target || !dueAt || (target === 'resolution' && sla.pausedAt)) return;
    if (!sla.remindAt || Date.parse(sla.remindAt) > now.getTime() || done(sla.remindedFor, target)) return;
    const marked = await this.deps.tickets.updateSlaIf(
      ticket.id,
      (current) => !done(current.sla?.remindedFor, target) && runningTarget(current.sla) === target,
      { remindedAt: at, remindedFor: target },
      SYSTEM,
      {
        to: `${TARGET_NAMES[target]} reminder`,
        why: `due ${dueAt}; ${ticket.assignee ? `${ticket.assignee.name} reminded` : 'nobody assigned, leads told'}`,
      },
    );
    if (!marked) return;
    await this.deps.events.emit(this.event('sla.reminder', marked, target, dueAt));
    result.reminded++;
  }

  /**
   * Due times on a ticket that has none yet (opened before the targets existed or were
   * changed); tickets get theirs from the ticket store as they are created and changed.
   */
  private async stamp(ticket: Ticket, result: SlaPass): Promise<Ticket> {
    if (ticket.sla?.firstResponseDueAt || ticket.sla?.resolutionDueAt) return ticket;
    const sla: TicketSla = dueTimes(this.deps.policy, ticket);
    if (sameSla(sla, ticket.sla ?? {})) return ticket;
    result.stamped++;
    return this.deps.tickets.updateSla(ticket.id, sla);
  }

  private event(
    type: 'sla.reminder' | 'sla.breached',
    ticket: Ticket,
    target: SlaTarget,
    dueAt: string,
  ): ConsoleEvent {
    return {
      type,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      target,
      dueAt,
      dueLocal: localDue(dueAt, this.deps.policy.hours.timeZone),
      priority: ticket.priority,
      ...(ticket.assignee && { assigneeId: ticket.assignee.id, assigneeName: ticket.assignee.name }),
    };
  }
}

/** "Mon 30 Nov, 11:00 (Europe/Berlin)": the due time as the service desk reads its clock. */
function localDue(dueAt: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(dueAt));
  return `${text} (${timeZone})`;
}
