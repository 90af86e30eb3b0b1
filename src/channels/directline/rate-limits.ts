import { AppError } from '../../errors';
import type { RateLimiter, StorageBackend } from '../../storage';

export interface RateLimitSettings {
  /** New conversations (tokens) one client address may open per minute. */
  conversationsPerMinutePerClient: number;
  /** Activities one conversation may post per minute. */
  activitiesPerMinutePerConversation: number;
}

/** Web Chat refreshes once every 15 minutes; this leaves room for a few retries and nothing more. */
export const REFRESH_BUDGET = { points: 4, durationSeconds: 15 * 60 } as const;

/** Budgets counted in storage: on MongoDB every instance behind the load balancer shares them. */
export class DirectLineRateLimits {
  private readonly conversations: RateLimiter;
  private readonly activities: RateLimiter;
  private readonly refreshes: RateLimiter;

  constructor(settings: RateLimitSettings, store: Pick<StorageBackend, 'rateLimiter'>) {
    this.conversations = store.rateLimiter('directline-conversations', {
      points: settings.conversationsPerMinutePerClient,
      durationSeconds: 60,
    });
    this.activities = store.rateLimiter('directline-activities', {
      points: settings.activitiesPerMinutePerConversation,
      durationSeconds: 60,
    });
    this.refreshes = store.rateLimiter('directline-refreshes', REFRESH_BUDGET);
  }

  /** Throws TooManyRequests (with `retryAfterSeconds`) when the client address is over its budget. */
  async newConversation(clientAddress: string): Promise<void> {
    await consume(this.conversations, clientAddress, 'Too many new conversations from this address.');
  }

  async refresh(conversationId: string): Promise<void> {
    await consume(this.refreshes, conversationId, 'This token was refreshed too often; wait a moment.');
  }

  async activity(conversationId: string): Promise<void> {
    await consume(this.activities, conversationId, 'Too many messages in this conversation; wait a moment.');
  }
}

export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TooManyRequests', message);
  }
}

async function consume(limiter: RateLimiter, key: string, message: string): Promise<void> {
  const decision = await limiter.consume(key);
  if (!decision.allowed)
    throw new RateLimitedError(message, Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
}
