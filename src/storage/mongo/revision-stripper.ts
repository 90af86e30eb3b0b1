import type { Collection } from 'mongodb';
import type { Logger } from '../../logging';

/** How long superseded revisions wait to be stripped together, and how many make a batch at once. */
const STRIP_DELAY_MS = 2000;
const STRIP_BATCH = 200;
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
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly revisions: Collection<{ _id: string }>,
    private readonly logger: Logger,
  ) {}

  strip(id: string): void {
    this.pending.add(id);
    if (this.pending.size >= STRIP_BATCH) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), STRIP_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Sends what is pending; resolves when every batch sent so far has been written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const ids = [...this.pending];
    this.pending = new Set();
    if (ids.length > 0) {
      const batch = this.stripAll(ids).then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error }, 'stripping old document revisions failed'),
      );
      this.flushing = Promise.all([this.flushing, batch]).then(() => undefined);
    }
    return this.flushing;
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
