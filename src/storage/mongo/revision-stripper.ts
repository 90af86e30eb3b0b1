import type { Collection } from 'mongodb';
import type { Logger } from '../../logging';

/** How long superseded revisions wait to be stripped together, and how many make a batch at once. */
const STRIP_DELAY_MS = 500;
const STRIP_BATCH = 200;

/**
 * Strips superseded document revisions to placeholders in batches: one `update` command with a
 * statement per `_id` (each one a lookup by `_id`, which FerretDB pushes down) for every batch,
 * instead of one round trip after each write. Stripping is only housekeeping (readers take the
 * newest revision whatever the older ones hold), so a revision left whole until the next batch,
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
      const batch = this.revisions
        .bulkWrite(
          ids.map((_id) => ({
            updateOne: { filter: { _id }, update: { $set: { old: true }, $unset: { json: '', d: '' } } },
          })),
          { ordered: false },
        )
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn({ err: error }, 'stripping old document revisions failed'),
        );
      this.flushing = Promise.all([this.flushing, batch]).then(() => undefined);
    }
    return this.flushing;
  }
}
