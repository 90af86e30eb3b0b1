/** The breaker's state: closed (calls go through), open (calls are refused), half-open (one trial). */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before one trial call is let through. */
  openForMs: number;
  clock: () => Date;
}

/**
 * Stops calling a model that keeps failing: after `failureThreshold` failures in a row every call
 * is refused at once (the feature falls back without waiting for a timeout) for `openForMs`; then
 * one trial call decides whether it closes again. Per instance: each instance learns on its own
 * that the endpoint is down, which costs at most `failureThreshold` slow calls each.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialRunning = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.options.openForMs ? 'half-open' : 'open';
  }

  /** True when a call may go ahead; in half-open state only the first caller gets the trial. */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialRunning) return false;
    this.trialRunning = true;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialRunning = false;
  }

  failed(): void {
    this.trialRunning = false;
    this.failures++;
    // A failed trial opens it again for a whole period.
    if (this.openedAt !== undefined || this.failures >= this.options.failureThreshold)
      this.openedAt = this.now();
  }

  private now(): number {
    return this.options.clock().getTime();
  }
}
