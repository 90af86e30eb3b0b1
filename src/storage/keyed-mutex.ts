/**
 * Runs tasks one at a time per key, in call order. Used where a backend must read-then-write
 * without a server-side transaction: serialising inside one process leaves only cross-instance
 * races, which the unique indexes then settle.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      // Only the last task in the chain may drop the entry, or a later task would lose its wait.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Number of keys with queued or running tasks (for tests and leak checks). */
  get size(): number {
    return this.tails.size;
  }
}
