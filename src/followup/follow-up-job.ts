import type { Logger } from '../logging';
import { LeasedJob } from '../storage';
import type { StorageBackend } from '../storage/ports';
import type { TicketStore } from '../tickets';
import type { FollowUpPass } from './follow-up-types';
import type { FollowUps } from './follow-ups';

const PAGE = 100;

/**
 * Looks through the resolved tickets every interval on whichever instance holds the lease: asks
 * those resolved long enough ago and closes those whose question went unanswered. Resolved
 * tickets do not pile up: each is closed or reopened within the two periods.
 */
export class FollowUpJob {
  private readonly job: LeasedJob<FollowUpPass>;

  constructor(
    private readonly deps: {
      followUps: FollowUps;
      tickets: Pick<TicketStore, 'query'>;
      storage: Pick<StorageBackend, 'collection'>;
      logger: Logger;
      clock: () => Date;
      intervalMs: number;
    },
  ) {
    this.job = new LeasedJob({
      name: 'follow-ups',
      storage: deps.storage,
      intervalMs: deps.intervalMs,
      clock: deps.clock,
      logger: deps.logger,
      pass: () => this.pass(),
      skipped: { ran: false, asked: 0, closed: 0 },
    });
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  idle(): Promise<void> {
    return this.job.idle();
  }

  /** One pass now (if this instance holds the lease), or the one under way; never rejects. */
  runNow(): Promise<FollowUpPass> {
    return this.job.runNow();
  }

  private async pass(): Promise<FollowUpPass> {
    const result: FollowUpPass = { ran: true, asked: 0, closed: 0 };
    const now = this.deps.clock();
    let cursor: string | undefined;
    do {
      const page = await this.deps.tickets.query({
        status: ['resolved'],
        sort: 'createdAt',
        direction: 'asc',
        limit: PAGE,
        cursor,
      });
      for (const ticket of page.tickets) {
        try {
          const done = await this.deps.followUps.check(ticket, now);
          if (done === 'asked') result.asked++;
          if (done === 'closed') result.closed++;
        } catch (err) {
          this.deps.logger.warn({ err, ticketId: ticket.id }, 'follow-up of a ticket failed; retrying later');
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return result;
  }
}
