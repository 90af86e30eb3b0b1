import { Lease, type StorageBackend } from '../storage';
import type { Logger } from '../logging';
import type { UserQueue } from './user-queue';

const LEASE_ID = 'handoff-wait-updates';
/** However long the wait, a waiting user hears from the queue at least this often. */
const LONGEST_GAP_MS = 30 * 60_000;

/**
 * The gap before the next update doubles with the wait (after 2, 4, 8, 16 min ... of a 2 min
 * interval), up to LONGEST_GAP_MS: a user waiting an hour reads a handful of updates, not thirty
 * of the same.
 */
export function nextWaitUpdateGapMs(queuedAt: number, lastUpdateAt: number, intervalMs: number): number {
  return Math.max(intervalMs, Math.min(lastUpdateAt - queuedAt, LONGEST_GAP_MS));
}

/**
 * Tells users waiting in the queue where they stand, first after `intervalMs`, then at growing
 * gaps (nextWaitUpdateGapMs). Runs on whichever
 * instance holds the lease; each update is claimed on the hand-over first, so even two holders
 * (a lease expiring mid-run) never send the same update twice.
 */
export class WaitUpdates {
  private readonly lease: Lease;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'queued' | 'markUpdated' | 'standing' | 'userNotices'>;
      storage: Pick<StorageBackend, 'collection'>;
      intervalMs: number;
      logger: Logger;
      clock?: () => Date;
    },
  ) {
    this.lease = new Lease(deps.storage, LEASE_ID, deps.intervalMs * 2, deps.clock ?? (() => new Date()));
  }

  /** One pass; returns how many users were told. */
  async tick(): Promise<number> {
    if (!(await this.lease.acquire())) return 0;
    const now = (this.deps.clock ?? (() => new Date()))().getTime();
    let told = 0;
    for (const handoff of await this.deps.queue.queued()) {
      if (handoff.userWaitingMode !== 'waiting') continue;
      const queuedAt = Date.parse(handoff.queuedAt);
      const last = Date.parse(handoff.lastUpdateAt ?? handoff.queuedAt);
      if (now - last < nextWaitUpdateGapMs(queuedAt, last, this.deps.intervalMs)) continue;
      const marked = await this.deps.queue.markUpdated(handoff);
      if (!marked) continue;
      const { position, estimatedWaitMinutes, nobodyOnline } = await this.deps.queue.standing(marked);
      if (position === 0) continue;
      await this.deps.queue.userNotices.waitUpdate(marked, position, estimatedWaitMinutes, nobodyOnline);
      told++;
    }
    return told;
  }

  start(): void {
    if (this.timer) return;
    const checkEvery = Math.max(1000, Math.min(this.deps.intervalMs / 4, 30_000));
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((err: unknown) => {
          this.deps.logger.warn({ err }, 'queue wait updates failed');
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, checkEvery);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
