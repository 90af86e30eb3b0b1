import type { Database } from 'better-sqlite3';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { eachCommitsAlone, type Writes } from './embedded/group-commit';
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
 * Counts in the SQLite file: they survive a restart. One statement per request (an upsert that
 * starts a new window when the old one has passed and returns the count), in the table layout
 * rate-limiter-flexible's RateLimiterSQLite used, so counts from before carry on. Expired counts
 * are deleted lazily rather than by a timer, which would still fire after the database is closed.
 */
export function sqliteRateLimiter(
  db: Database,
  name: string,
  budget: RateBudget,
  writes: Writes = eachCommitsAlone,
): RateLimiter {
  const count = db.prepare<[string, number, number, number], { points: number; expire: number }>(
    `INSERT INTO ${RATE_LIMITS_TABLE} (key, points, expire) VALUES (?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET
         points = CASE WHEN expire > ? THEN points + 1 ELSE 1 END,
         expire = CASE WHEN expire > ? THEN expire ELSE excluded.expire END
       RETURNING points, expire`,
  );
  const purge = db.prepare(`DELETE FROM ${RATE_LIMITS_TABLE} WHERE expire < ?`);
  let lastPurge = 0;
  return {
    async consume(key) {
      const now = Date.now();
      const row = await writes.run(() => {
        if (now - lastPurge >= SQLITE_PURGE_INTERVAL_MS) {
          lastPurge = now;
          purge.run(now);
        }
        return count.get(`${name}:${key}`, now + budget.durationSeconds * 1000, now, now)!;
      });
      return row.points <= budget.points
        ? { allowed: true }
        : { allowed: false, retryAfterMs: Math.max(0, row.expire - now) };
    },
  };
}

/** Counts in this process only: for tests and single-process tools. */
export function memoryRateLimiter(name: string, budget: RateBudget): RateLimiter {
  return new FlexibleRateLimiter(new RateLimiterMemory(settings(name, budget)));
}
