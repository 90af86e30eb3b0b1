import { DuplicateKeyError, type StorageBackend, type StoredDocument } from '../storage/ports';

/** Where the counts live (documents: shared by every instance on SQLite and MongoDB alike). */
export const LLM_BUDGETS_COLLECTION = 'llm-budgets';

/** A conversation's count is kept this long after its last use; the retention job deletes it then. */
const CONVERSATION_COUNT_KEPT_MS = 30 * 24 * 3600_000;
/** Compare-and-set attempts before a reservation gives up (the feature then falls back). */
const MAX_ATTEMPTS = 8;

export interface BudgetRecord extends StoredDocument {
  /** Tokens spent (or reserved by calls still running). */
  tokens: number;
  /** ISO-8601; past it the record is deleted by the retention job. */
  expiresAt: string;
}

export interface TokenLimits {
  perConversation: number;
  perDay: number;
}

/** Tokens set aside for one call; `settle` replaces them with what it really cost. */
export interface Reservation {
  readonly keys: readonly { id: string; expiresAt: string }[];
  readonly tokens: number;
}

/**
 * Per-conversation and per-UTC-day token budgets, counted in storage so that every instance draws
 * on the same ones. A call reserves its estimate first (compare-and-set on the record's version,
 * so concurrent calls on several instances never overshoot a limit together) and settles the
 * real usage afterwards.
 */
export class TokenBudgets {
  constructor(
    private readonly storage: Pick<StorageBackend, 'collection'>,
    private readonly limits: TokenLimits,
    private readonly clock: () => Date,
  ) {}

  private get records() {
    return this.storage.collection<BudgetRecord>(LLM_BUDGETS_COLLECTION);
  }

  /** Sets `tokens` aside on the day's and the conversation's budget; undefined when either is spent. */
  async reserve(conversationId: string | undefined, tokens: number): Promise<Reservation | undefined> {
    const now = this.clock();
    const day = now.toISOString().slice(0, 10);
    const dayKey = { id: `day:${day}`, expiresAt: new Date(Date.parse(day) + 2 * 86_400_000).toISOString() };
    if (!(await this.add(dayKey, tokens, this.limits.perDay))) return undefined;
    if (conversationId === undefined) return { keys: [dayKey], tokens };
    const conversationKey = {
      id: `conversation:${conversationId}`,
      expiresAt: new Date(now.getTime() + CONVERSATION_COUNT_KEPT_MS).toISOString(),
    };
    if (!(await this.add(conversationKey, tokens, this.limits.perConversation))) {
      await this.add(dayKey, -tokens, this.limits.perDay);
      return undefined;
    }
    return { keys: [dayKey, conversationKey], tokens };
  }

  /** Replaces the reserved estimate with what the call used (0 when it failed before any work). */
  async settle(reservation: Reservation, usedTokens: number): Promise<void> {
    const delta = usedTokens - reservation.tokens;
    if (delta === 0) return;
    // Usage above the estimate is counted even past the limit: it was spent.
    for (const key of reservation.keys) await this.add(key, delta, Number.POSITIVE_INFINITY);
  }

  /** Tokens spent so far today and in this conversation (for tests and the evaluation). */
  async spent(conversationId?: string): Promise<{ day: number; conversation: number }> {
    const day = this.clock().toISOString().slice(0, 10);
    const [dayRecord, conversationRecord] = await Promise.all([
      this.records.get(`day:${day}`),
      conversationId ? this.records.get(`conversation:${conversationId}`) : undefined,
    ]);
    return { day: dayRecord?.tokens ?? 0, conversation: conversationRecord?.tokens ?? 0 };
  }

  /** Adds `delta` unless that takes the count above `limit`; true when it was added. */
  private async add(key: { id: string; expiresAt: string }, delta: number, limit: number): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.records.get(key.id);
      if (!current) {
        if (delta > limit) return false;
        try {
          await this.records.insert({ id: key.id, tokens: Math.max(0, delta), expiresAt: key.expiresAt });
          return true;
        } catch (err) {
          if (err instanceof DuplicateKeyError) continue; // another instance created it first
          throw err;
        }
      }
      const next = current.tokens + delta;
      if (delta > 0 && next > limit) return false;
      const expiresAt = key.expiresAt > current.expiresAt ? key.expiresAt : current.expiresAt;
      const updated = await this.records.update(
        key.id,
        { version: current.version },
        { tokens: Math.max(0, next), expiresAt },
      );
      if (updated) return true;
    }
    return false;
  }
}
