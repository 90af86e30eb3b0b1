import type { Database } from 'better-sqlite3';
import {
  RateLimiterMemory,
  RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RateBudget, RateDecision, RateLimiter } from './ports';

/** The table (SQLite) and collection (MongoDB) that hold the counts; created by the migrations. */
export const RATE_LIMITS_TABLE = 'rate_limits';

/** rate-limiter-flexible behind the storage port: a spent budget is an answer, not an exception. */
class FlexibleRateLimiter implements RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  async consume(key: string): Promise<RateDecision> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return { allowed: false, retryAfterMs: rejection.msBeforeNext };
      throw rejection;
    }
  }
}

function settings(name: string, budget: RateBudget) {
  return { keyPrefix: name, points: budget.points, duration: budget.durationSeconds };
}

/** How often a SQLite limiter deletes expired counts, on the next request after the interval. */
const SQLITE_PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * Counts in the SQLite file: they survive a restart. Expired counts are deleted lazily rather than
 * by the library's timer, which would still fire after the database is closed.
 */
export function sqliteRateLimiter(db: Database, name: string, budget: RateBudget): RateLimiter {
  const limiter = new FlexibleRateLimiter(
    new RateLimiterSQLite({
      ...settings(name, budget),
      storeClient: db,
      storeType: 'better-sqlite3',
      tableName: RATE_LIMITS_TABLE,
      tableCreated: true,
    }),
  );
  const purge = db.prepare(`DELETE FROM ${RATE_LIMITS_TABLE} WHERE expire < ?`);
  let lastPurge = 0;
  return {
    consume(key) {
      const now = Date.now();
      if (now - lastPurge >= SQLITE_PURGE_INTERVAL_MS) {
        lastPurge = now;
        purge.run(now);
      }
      return limiter.consume(key);
    },
  };
}

/** Counts in this process only: for tests and single-process tools. */
export function memoryRateLimiter(name: string, budget: RateBudget): RateLimiter {
  return new FlexibleRateLimiter(new RateLimiterMemory(settings(name, budget)));
}
