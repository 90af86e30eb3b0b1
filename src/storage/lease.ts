import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from './ports';

interface LeaseDocument extends StoredDocument {
  holder: string;
  expiresAt: string;
}

/**
 * A job only one instance may run at a time: the holder of an expiring lease document, taken and
 * renewed by compare-and-set on its version. If the holder dies, another takes over after expiry.
 */
export class Lease {
  private readonly leases: DocumentCollection<LeaseDocument>;
  readonly holder = randomUUID();

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly id: string,
    private readonly ttlMs: number,
    private readonly clock: () => Date,
  ) {
    this.leases = storage.collection<LeaseDocument>('leases');
  }

  /** True when this instance holds the lease now (taken or renewed). */
  async acquire(): Promise<boolean> {
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.ttlMs).toISOString();
    const current = await this.leases.get(this.id);
    if (!current) {
      try {
        await this.leases.insert({ id: this.id, holder: this.holder, expiresAt });
        return true;
      } catch (error) {
        if (error instanceof DuplicateKeyError) return false;
        throw error;
      }
    }
    const mine = current.holder === this.holder;
    if (!mine && Date.parse(current.expiresAt) > now.getTime()) return false;
    const taken = await this.leases.update(
      this.id,
      { version: current.version },
      { holder: this.holder, expiresAt },
    );
    return taken !== undefined;
  }
}

export interface LeasedJobOptions<T> {
  /** The lease document's id: one per kind of job (e.g. 'follow-ups'). */
  name: string;
  storage: Pick<StorageBackend, 'collection'>;
  intervalMs: number;
  clock: () => Date;
  logger: Logger;
  /** One pass, run only while this instance holds the lease. */
  pass: () => Promise<T>;
  /** What a pass that did not run (lease held elsewhere, or failed) returns. */
  skipped: T;
}

/**
 * Scheduled work that runs once across all instances: every `intervalMs` the instance holding the
 * lease runs one pass. The lease is held for two intervals and renewed at each pass, so a dead
 * holder is replaced after at most two intervals. A pass must still be idempotent per item (a
 * conditional write before telling anyone), because a lease can expire mid-pass.
 */
export class LeasedJob<T> {
  private readonly lease: Lease;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;

  constructor(private readonly options: LeasedJobOptions<T>) {
    this.lease = new Lease(options.storage, options.name, options.intervalMs * 2, options.clock);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runNow(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Settles when no pass is running (the app's idle barrier). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One pass now (if this instance holds the lease), or the one under way; never rejects. */
  runNow(): Promise<T> {
    this.running ??= this.leasedPass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async leasedPass(): Promise<T> {
    try {
      if (!(await this.lease.acquire())) return this.options.skipped;
      return await this.options.pass();
    } catch (err) {
      this.options.logger.warn(
        { err, job: this.options.name },
        'scheduled job failed; retrying at the next interval',
      );
      return this.options.skipped;
    }
  }
}
