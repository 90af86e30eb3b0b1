import { DuplicateKeyError, RecentlySeen, type DocumentCollection, type StorageBackend } from '../../storage';

/** How long the token a refresh replaced keeps working, for requests already on their way. */
export const SUPERSEDED_TOKEN_GRACE_MS = 60_000;
const COLLECTION = 'directline-token-generations';
/**
 * How long a record read (or written) here answers "accepted" without reading it again. Safe across
 * instances because a remembered record is only ever used to accept, never to refuse: a token
 * the remembered record refuses is checked against the stored record. A refresh elsewhere makes
 * the remembered record stale in one way only: the generation it calls current may now be the one
 * before, which is accepted anyway for SUPERSEDED_TOKEN_GRACE_MS (60 s, longer than this), so
 * the answer is the same. Only a token retired by two refreshes on another instance within these
 * 10 s can still be accepted here for what is left of them (the same bound as the conversation
 * record's, src/storage/recently-seen.ts). Each turn's post then checks its token without a read.
 */
const REMEMBERED_MS = 10_000;
/** At most this many, and only those read in the last REMEMBERED_MS (see RecentlySeen). */
const REMEMBERED_CONVERSATIONS = 2_000;

type Generations = Pick<TokenGeneration, 'generation' | 'previousValidUntil'>;

interface TokenGeneration {
  id: string;
  version: number;
  generation: number;
  /** Until when (ms since the epoch) a token of the generation before is still accepted. */
  previousValidUntil: number;
}

/**
 * Which tokens of a conversation are still good. Each refresh starts a new generation (a claim in
 * the token); the one before stays valid for a short grace, older ones not at all. Kept in storage,
 * so a refresh on one instance retires the old token on every instance. A conversation that never
 * refreshed has no record: its tokens are generation 0.
 */
export class TokenGenerations {
  private readonly records: DocumentCollection<TokenGeneration>;
  private readonly remembered: RecentlySeen<Generations>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly now: () => number = Date.now,
  ) {
    this.records = storage.collection<TokenGeneration>(COLLECTION);
    this.remembered = new RecentlySeen<Generations>(REMEMBERED_MS, REMEMBERED_CONVERSATIONS, now);
  }

  async accepts(conversationId: string, generation: number): Promise<boolean> {
    const remembered = this.remembered.get(conversationId);
    if (remembered && this.acceptedBy(remembered, generation)) return true;
    return this.acceptedBy(await this.read(conversationId), generation);
  }

  /** The conversation's current generation: what a newly issued token must carry to be accepted. */
  async current(conversationId: string): Promise<number> {
    return (await this.read(conversationId)).generation;
  }

  /**
   * Starts the generation after `from`, if `from` is still the current one; undefined when another
   * refresh got there first (a token refreshes once).
   */
  async advance(conversationId: string, from: number): Promise<number | undefined> {
    const next = { generation: from + 1, previousValidUntil: this.now() + SUPERSEDED_TOKEN_GRACE_MS };
    if (from === 0) {
      try {
        await this.records.insert({ id: conversationId, ...next });
        this.remembered.remember(conversationId, next);
        return next.generation;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    }
    const updated = await this.records.update(conversationId, { generation: from }, next);
    if (!updated) return undefined;
    this.remembered.remember(conversationId, next);
    return next.generation;
  }

  private acceptedBy(record: Generations, generation: number): boolean {
    if (generation === record.generation) return true;
    return generation === record.generation - 1 && this.now() < record.previousValidUntil;
  }

  /** The stored record (a conversation that never refreshed has none: generation 0), remembered. */
  private async read(conversationId: string): Promise<Generations> {
    const record = await this.records.get(conversationId);
    const generations = {
      generation: record?.generation ?? 0,
      previousValidUntil: record?.previousValidUntil ?? 0,
    };
    this.remembered.remember(conversationId, generations);
    return generations;
  }
}
