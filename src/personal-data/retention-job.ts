import type { Logger } from '../logging';
import { Lease } from '../storage';
import type { StorageBackend } from '../storage/ports';

const HOUR_MS = 60 * 60 * 1000;
const LEASE_ID = 'data-retention';

/** One kind of data with its retention rule: deletes what is past it at `now`, returns how many. */
export interface RetentionTask {
  readonly name: string;
  purge(now: Date): Promise<number>;
}

/**
 * Enforces the retention periods once an hour. Only the instance holding the lease runs it, so
 * several instances do not scan the same data at once; every task is idempotent, so a lease that
 * changes hands mid-run does no harm. A failing task is logged and the others still run.
 */
export class RetentionJob {
  private readonly lease: Lease;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<Record<string, number>> | undefined;
  private readonly clock: () => Date;

  constructor(
    private readonly deps: {
      storage: Pick<StorageBackend, 'collection'>;
      tasks: readonly RetentionTask[];
      logger: Logger;
      intervalMs?: number;
      clock?: () => Date;
    },
  ) {
    this.clock = deps.clock ?? (() => new Date());
    // Held a little longer than one interval: the holder renews it at every run.
    this.lease = new Lease(deps.storage, LEASE_ID, (deps.intervalMs ?? HOUR_MS) * 1.5, this.clock);
  }

  start(): void {
    if (this.timer) return;
    const run = (): void => void this.runNow();
    this.timer = setInterval(run, this.deps.intervalMs ?? HOUR_MS);
    this.timer.unref();
    run();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * One pass over every task; resolves with how many records each deleted, or with `{}` when
   * another instance holds the lease. Never rejects.
   */
  runNow(): Promise<Record<string, number>> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<Record<string, number>> {
    try {
      if (!(await this.lease.acquire())) return {};
    } catch (err) {
      this.deps.logger.warn({ err }, 'retention: could not take the lease; retrying at the next interval');
      return {};
    }
    const now = this.clock();
    const deleted: Record<string, number> = {};
    for (const task of this.deps.tasks) {
      try {
        deleted[task.name] = await task.purge(now);
      } catch (err) {
        this.deps.logger.warn(
          { err, task: task.name },
          'retention purge failed; retrying at the next interval',
        );
      }
    }
    const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    if (total > 0) this.deps.logger.info({ deleted }, 'data past its retention period deleted');
    return deleted;
  }
}
