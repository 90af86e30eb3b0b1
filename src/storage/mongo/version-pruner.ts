import type { Collection } from 'mongodb';
import type { Logger } from '../../logging';

/** How long bot state versions wait to be pruned together, and how many keys make a batch at once. */
const PRUNE_DELAY_MS = 2000;
const PRUNE_BATCH = 200;

/**
 * Deletes the bot state versions older than the one a write stored, in batches: one `delete`
 * command with an `$or` of (key, version below) per batch, sent on a timer instead of by the turn.
 * Every turn reads its keys with one query FerretDB 1.24 decodes the whole collection for, so the
 * fewer versions are kept the cheaper each turn's read: pruned after every write now, where a
 * delete in the turn itself was only worth its round trip every 8th write. Only housekeeping:
 * readers take each key's highest version, and what a crash leaves is pruned by the key's next
 * write (every version below it goes).
 */
export class VersionPruner {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly versions: Collection<{ key: string; version: number }>,
    private readonly logger: Logger,
  ) {}

  /** Deletes the key's versions below `version`, soon. */
  prune(key: string, version: number): void {
    this.pending.set(key, Math.max(version, this.pending.get(key) ?? 0));
    if (this.pending.size >= PRUNE_BATCH) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), PRUNE_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Drops what is pending for a key whose versions were deleted otherwise meanwhile. */
  forget(key: string): void {
    this.pending.delete(key);
  }

  /** Sends what is pending; resolves when every batch sent so far has been written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const below = [...this.pending];
    this.pending = new Map();
    if (below.length > 0) {
      const batch = this.versions
        .deleteMany({ $or: below.map(([key, version]) => ({ key, version: { $lt: version } })) })
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn({ err: error }, 'pruning old bot state versions failed'),
        );
      this.flushing = Promise.all([this.flushing, batch]).then(() => undefined);
    }
    return this.flushing;
  }
}
