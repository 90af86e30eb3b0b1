import type { Collection } from 'mongodb';
import type { Logger } from '../../logging';
import { DelayedBatch } from './delayed-batch';

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
  private readonly batch: DelayedBatch<number>;

  constructor(versions: Collection<{ key: string; version: number }>, logger: Logger) {
    this.batch = new DelayedBatch<number>({
      delayMs: 2000,
      size: 200,
      send: (below) =>
        versions.deleteMany({ $or: below.map(([key, version]) => ({ key, version: { $lt: version } })) }),
      what: 'pruning old bot state versions',
      logger,
    });
  }

  /** Deletes the key's versions below `version`, soon. */
  prune(key: string, version: number): void {
    this.batch.add(key, version, Math.max);
  }

  /** Drops what is pending for a key whose versions were deleted otherwise meanwhile. */
  forget(key: string): void {
    this.batch.delete(key);
  }

  /** Sends what is pending; resolves when every batch sent so far has been written. */
  flush(): Promise<void> {
    return this.batch.flush();
  }
}
