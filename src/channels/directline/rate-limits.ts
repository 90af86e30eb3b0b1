import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../errors';

export interface RateLimitSettings {
  /** New conversations (tokens) one client address may open per minute. */
  conversationsPerMinutePerClient: number;
  /** Activities one conversation may post per minute. */
  activitiesPerMinutePerConversation: number;
}

/**
 * In-memory limits, per instance: they blunt a single abusive client; a shared limiter would be
 * needed to hold an exact global budget across several instances.
 */
export class DirectLineRateLimits {
  private readonly conversations: RateLimiterMemory;
  private readonly activities: RateLimiterMemory;

  constructor(settings: RateLimitSettings) {
    this.conversations = new RateLimiterMemory({
      points: settings.conversationsPerMinutePerClient,
      duration: 60,
    });
    this.activities = new RateLimiterMemory({
      points: settings.activitiesPerMinutePerConversation,
      duration: 60,
    });
  }

  /** Throws TooManyRequests (with `retryAfterSeconds`) when the client address is over its budget. */
  async newConversation(clientAddress: string): Promise<void> {
    await consume(this.conversations, clientAddress, 'Too many new conversations from this address.');
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

async function consume(limiter: RateLimiterMemory, key: string, message: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      throw new RateLimitedError(message, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
    throw rejection;
  }
}
