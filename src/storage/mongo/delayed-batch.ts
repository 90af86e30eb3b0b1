import type { Logger } from '../../logging';

export interface DelayedBatchOptions<V> {
  /** How long the first entry waits for others to join it. */
  delayMs: number;
  /** This many entries are sent at once, without waiting. */
  size: number;
  /** Writes one batch; a failure is logged, never thrown (the work is only housekeeping). */
  send: (entries: [string, V][]) => Promise<unknown>;
  /** For the log line when a batch fails, e.g. "stripping old document revisions". */
  what: string;
  logger: Logger;
}

/**
 * Housekeeping writes collected per key and sent together, off the turn that caused them: after
 * `delayMs`, or at once when `size` keys wait. A later entry for a key replaces the earlier one
 * (`merge` decides how). Timers are unref'd, so a pending batch never keeps a process alive.
 */
export class DelayedBatch<V> {
  private pending = new Map<string, V>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: DelayedBatchOptions<V>) {}

  add(key: string, value: V, merge: (earlier: V, later: V) => V = (_, later) => later): void {
    const earlier = this.pending.get(key);
    this.pending.set(key, earlier === undefined ? value : merge(earlier, value));
    if (this.pending.size >= this.options.size) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.delayMs);
      this.timer.unref();
    }
  }

  /** Drops what is pending for a key (its work was done otherwise meanwhile). */
  delete(key: string): void {
    this.pending.delete(key);
  }

  /** Sends what is pending; resolves when every batch sent so far has been written. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const entries = [...this.pending];
    this.pending = new Map();
    if (entries.length > 0) {
      const { send, logger, what } = this.options;
      const batch = send(entries).then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error }, `${what} failed`),
      );
      this.flushing = Promise.all([this.flushing, batch]).then(() => undefined);
    }
    return this.flushing;
  }
}
