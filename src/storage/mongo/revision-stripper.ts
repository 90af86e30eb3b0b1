import type { Collection } from 'mongodb';
import type { Logger } from '../../logging';
import { DelayedBatch } from './delayed-batch';

/**
 * From this many revisions on, a batch is one `updateMany` by `_id: { $in }` rather than a statement
 * per `_id`. FerretDB 1.24's SQLite handler runs each statement by `_id` as a scan of the collection
 * in SQLite (~45 ms each over 2,000 revisions, measured) and an `$in` as one scan decoded in Go
 * (~0.4 s): past about a dozen revisions one scan is cheaper. MongoDB uses the `_id` index for both.
 */
const ONE_SCAN_FROM = 12;

/**
 * Strips superseded document revisions to placeholders in batches: one `update` command for every
 * batch (see ONE_SCAN_FROM for its form), instead of one round trip after each write. Stripping is
 * only housekeeping (readers take the newest revision whatever the older ones hold), so a revision
 * left whole until the next batch,
 * or by a crash, changes nothing a reader sees; the retention purge removes it as a placeholder
 * only once stripped, so whole old revisions that a crash left behind stay until their id's next write.
 */
export class RevisionStripper {
  private readonly batch: DelayedBatch<true>;

  constructor(
    private readonly revisions: Collection<{ _id: string }>,
    logger: Logger,
  ) {
    this.batch = new DelayedBatch<true>({
      delayMs: 2000,
      size: 200,
      send: (entries) => this.stripAll(entries.map(([id]) => id)),
      what: 'stripping old document revisions',
      logger,
    });
  }

  strip(id: string): void {
    this.batch.add(id, true);
  }

  /** Sends what is pending; resolves when every batch sent so far has been written. */
  flush(): Promise<void> {
    return this.batch.flush();
  }

  private stripAll(ids: string[]): Promise<unknown> {
    const strip = { $set: { old: true }, $unset: { json: '', d: '' } } as const;
    if (ids.length >= ONE_SCAN_FROM) return this.revisions.updateMany({ _id: { $in: ids } }, strip);
    return this.revisions.bulkWrite(
      ids.map((_id) => ({ updateOne: { filter: { _id }, update: strip } })),
      { ordered: false },
    );
  }
}
