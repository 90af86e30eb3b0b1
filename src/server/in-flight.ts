/** Counts work in progress (bot turns) so shutdown can wait for it to finish. */
export class InFlightTracker {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves once nothing tracked is pending, work tracked meanwhile included (an idle barrier). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Resolves when everything tracked has settled, or when the timeout passes; returns what was left. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const wait = new Promise(
        (resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))),
      );
      await Promise.race([Promise.allSettled([...this.pending]), wait]);
      clearTimeout(timer);
    }
    return this.pending.size;
  }
}
