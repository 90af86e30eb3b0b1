import { randomUUID } from 'node:crypto';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../storage/ports';
import type { Logger } from '../logging';
import type { UserQueue } from './user-queue';

interface LeaseDocument extends StoredDocument {
  holder: string;
  expiresAt: string;
}

const LEASE_ID = 'handoff-wait-updates';

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

/**
 * Tells users waiting in the queue where they stand, every `intervalMs`. Runs on whichever
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
      const last = Date.parse(handoff.lastUpdateAt ?? handoff.queuedAt);
      if (now - last < this.deps.intervalMs) continue;
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
