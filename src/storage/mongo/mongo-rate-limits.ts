import type { Collection, Db } from 'mongodb';
import type { Logger } from '../../logging';
import type { RateBudget, RateDecision, RateLimiter } from '../ports';
import { memoryRateLimiter } from '../rate-limits';
import { COLLECTIONS } from './mongo-schema';
import { SequentialInserter } from './sequential-inserter';

/**
 * A sliding-window log per key: one small document per allowed request, numbered per key and
 * unique on (scope, n). Request number n is allowed when request n - points is older than the
 * window, and that document never changes, so the check plus the unique insert is atomic on
 * both servers. rate-limiter-flexible's RateLimiterMongo counts with findOneAndUpdate($inc),
 * which FerretDB 1.24 runs as read-then-write: 20 concurrent requests against a budget of 2
 * were measured getting 3 through. A refused request writes nothing, so a flood cannot fill the
 * database; documents past their window are deleted by the storage purge.
 */
export class MongoRateLimiter implements RateLimiter {
  private readonly collection: Collection<RateSlot>;
  private readonly inserter: SequentialInserter;
  /** Used while MongoDB fails: each instance then limits on its own rather than refusing everyone. */
  private readonly insurance: RateLimiter;
  private readonly windowMs: number;

  constructor(
    db: Db,
    private readonly name: string,
    private readonly budget: RateBudget,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.collection = db.collection<RateSlot>(COLLECTIONS.rateLimits);
    this.inserter = new SequentialInserter(db.collection(COLLECTIONS.rateLimits), 'scope', 'n', 1);
    this.windowMs = Math.max(1, budget.durationSeconds * 1000);
    this.insurance = memoryRateLimiter(name, budget);
  }

  async consume(key: string): Promise<RateDecision> {
    const scope = `${this.name}\u0000${key}`;
    const now = this.clock();
    let freeAt = 0;
    try {
      const slot = await this.inserter.insertIf(
        scope,
        async (n) => {
          freeAt = await this.windowEndOf(scope, n - this.budget.points);
          return freeAt <= now;
        },
        (n) => ({ _id: slotId(scope, n), scope, n, expire: new Date(now + this.windowMs) }),
      );
      return slot ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(1, freeAt - now) };
    } catch (err) {
      this.logger.warn({ err, limiter: this.name }, 'rate limit store failed; limiting in memory');
      return this.insurance.consume(key);
    }
  }

  /** When request `n` of the scope leaves the window (0 when there is none, or it was purged). */
  private async windowEndOf(scope: string, n: number): Promise<number> {
    if (n < 1) return 0;
    // By _id: the one lookup FerretDB's SQLite handler pushes down to its index.
    const earlier = await this.collection.findOne({ _id: slotId(scope, n) }, { projection: { expire: 1 } });
    const expire = earlier?.expire as unknown;
    return expire instanceof Date ? expire.getTime() : 0;
  }
}

interface RateSlot {
  _id: string;
  scope: string;
  n: number;
  expire: Date;
}

function slotId(scope: string, n: number): string {
  return `${scope}\u0000${n}`;
}
