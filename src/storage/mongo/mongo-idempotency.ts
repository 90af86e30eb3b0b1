import type { Collection, Db } from 'mongodb';
import type { IdempotencyStore } from '../ports';
import { isDuplicateKey } from './mongo-errors';
import { COLLECTIONS } from './mongo-schema';

interface ClaimDocument {
  key: string;
  /** Claims of one key are numbered; the unique (key, gen) index lets only one caller take each. */
  gen: number;
  expiresAt: Date;
}

/**
 * Expired keys are purged only after this grace period. A claimer that read an expired claim
 * g and is about to insert g + 1 would otherwise race with one that saw the key purged and
 * inserts claim 1; no claim takes anywhere near this long.
 */
export const PURGE_GRACE_MS = 60 * 60 * 1000;

export class MongoIdempotency implements IdempotencyStore {
  private readonly claims: Collection<ClaimDocument>;

  constructor(
    db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    this.claims = db.collection<ClaimDocument>(COLLECTIONS.idempotency);
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    const latest = await this.claims.findOne({ key }, { sort: { gen: -1 }, projection: { _id: 0 } });
    if (latest && latest.expiresAt.getTime() > now) return false;
    try {
      await this.claims.insertOne({
        key,
        gen: (latest?.gen ?? 0) + 1,
        expiresAt: new Date(now + Math.max(1, ttlMs)),
      });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Deletes claims that expired more than PURGE_GRACE_MS ago; returns how many. */
  async purge(now: number = this.clock()): Promise<number> {
    const result = await this.claims.deleteMany({ expiresAt: { $lt: new Date(now - PURGE_GRACE_MS) } });
    return result.deletedCount;
  }
}
