import { DuplicateKeyError, type DocumentCollection, type StorageBackend } from '../../storage';

/** How long the token a refresh replaced keeps working, for requests already on their way. */
export const SUPERSEDED_TOKEN_GRACE_MS = 60_000;
const COLLECTION = 'directline-token-generations';

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

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly now: () => number = Date.now,
  ) {
    this.records = storage.collection<TokenGeneration>(COLLECTION);
  }

  async accepts(conversationId: string, generation: number): Promise<boolean> {
    const record = await this.records.get(conversationId);
    const current = record?.generation ?? 0;
    if (generation === current) return true;
    return generation === current - 1 && this.now() < (record?.previousValidUntil ?? 0);
  }

  /** The conversation's current generation: what a newly issued token must carry to be accepted. */
  async current(conversationId: string): Promise<number> {
    return (await this.records.get(conversationId))?.generation ?? 0;
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
        return next.generation;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
    }
    const updated = await this.records.update(conversationId, { generation: from }, next);
    return updated ? next.generation : undefined;
  }
}
