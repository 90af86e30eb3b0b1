import { AppError } from '../../errors';
import type { RateLimiter, StorageBackend } from '../../storage/ports';

/** A sign-in refused for going over a budget; the route sends `Retry-After`. */
export class LoginThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('TooManyRequests', 'Too many sign-in attempts; wait a minute and try again.');
  }
}

/**
 * Sign-in budgets, counted in storage so every instance shares them: attempts per client address
 * (spent before the credential is even looked at, so guessing tokens is slow and cheap to refuse)
 * and sign-ins per technician (a leaked token or Teams identity cannot mint sessions in bulk from
 * many addresses).
 */
export class LoginThrottle {
  private readonly perAddress: RateLimiter;
  private readonly perAccount: RateLimiter;

  constructor(storage: Pick<StorageBackend, 'rateLimiter'>, attemptsPerMinute: number) {
    const budget = { points: attemptsPerMinute, durationSeconds: 60 };
    this.perAddress = storage.rateLimiter('console-login-address', budget);
    this.perAccount = storage.rateLimiter('console-login-account', budget);
  }

  async attempt(clientAddress: string): Promise<void> {
    await spend(this.perAddress, clientAddress);
  }

  async account(accountKey: string): Promise<void> {
    await spend(this.perAccount, accountKey);
  }
}

async function spend(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.consume(key);
  if (!decision.allowed) throw new LoginThrottledError(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
}
