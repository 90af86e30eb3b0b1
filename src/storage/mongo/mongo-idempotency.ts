import type { Collection, Db } from 'mongodb';
import type { Delivery, IdempotencyStore } from '../ports';
import { isDuplicateKey } from './mongo-errors';
import { COLLECTIONS } from './mongo-schema';

interface ClaimDocument {
  /** A delivery's claims have `_id` = JSON of [key, gen], so one is read and written by `_id`. */
  _id?: string;
  key: string;
  /** Claims of one key are numbered; the unique (key, gen) index lets only one caller take each. */
  gen: number;
  expiresAt: Date;
  /** A delivery still being processed holds a lease; a finished one (and every plain claim) has none. */
  leaseUntil?: Date;
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

  /**
   * One insert of claim 1 when the key is new (the ordinary delivery). Every claim of a delivery
   * keeps the first one's expiry, so the purge removes them together and a key whose claim 1 is
   * gone has no live claim left: inserting claim 1 unread is safe. Unlike `claim`, an expired
   * delivery is not begun again before the purge removes it.
   */
  async begin(key: string, leaseMs: number, ttlMs: number): Promise<Delivery> {
    const now = this.clock();
    const leaseUntil = new Date(now + Math.max(1, leaseMs));
    const expiresAt = new Date(Math.max(leaseUntil.getTime(), now + ttlMs));
    if (await this.insertClaim({ key, gen: 1, expiresAt, leaseUntil })) return this.taken('first', key, 1);
    const claims = await this.claims.find({ key }).toArray();
    const latest = claims.reduce<ClaimDocument | undefined>(
      (best, claim) => (!best || claim.gen > best.gen ? claim : best),
      undefined,
    );
    if (!latest || claims.some((claim) => !claim.leaseUntil)) return { state: 'done' };
    if (latest.leaseUntil!.getTime() > now)
      return { state: 'running', leaseUntil: latest.leaseUntil!.getTime() };
    const gen = latest.gen + 1;
    if (await this.insertClaim({ key, gen, expiresAt: latest.expiresAt, leaseUntil })) {
      return this.taken('retake', key, gen);
    }
    return { state: 'running', leaseUntil: leaseUntil.getTime() };
  }

  private taken(state: 'first' | 'retake', key: string, gen: number): Delivery {
    return {
      state,
      finish: async () => {
        await this.claims.updateOne({ _id: claimId(key, gen) }, { $unset: { leaseUntil: '' } });
      },
    };
  }

  private async insertClaim(claim: Required<Omit<ClaimDocument, '_id'>>): Promise<boolean> {
    try {
      await this.claims.insertOne({ _id: claimId(claim.key, claim.gen), ...claim });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async stalled(prefix: string, since: number, now: number, limit: number): Promise<string[]> {
    // A finished claim has no leaseUntil, so it never matches; a key whose dead attempt was retaken
    // and finished may still be listed through the dead claim, which `begin` then answers `done`.
    const claims = await this.claims
      .find(
        {
          leaseUntil: { $gt: new Date(since), $lte: new Date(now) },
          key: { $gte: prefix, $lt: `${prefix}\uffff` },
        },
        { sort: { leaseUntil: 1 }, limit, projection: { _id: 0, key: 1 } },
      )
      .toArray();
    return [...new Set(claims.map((claim) => claim.key))];
  }

  /** Deletes claims that expired more than PURGE_GRACE_MS ago; returns how many. */
  async purge(now: number = this.clock()): Promise<number> {
    const result = await this.claims.deleteMany({ expiresAt: { $lt: new Date(now - PURGE_GRACE_MS) } });
    return result.deletedCount;
  }
}

function claimId(key: string, gen: number): string {
  return JSON.stringify([key, gen]);
}
