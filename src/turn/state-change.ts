import {
  ConversationState,
  UserState,
  calculateChangeHash,
  type BotState,
  type TurnContext,
} from 'botbuilder';

/** What BotState keeps in the turn state under its own key: the state and a fingerprint of it. */
interface CachedState {
  state: Record<string, unknown>;
  hash: string;
}

/**
 * What the state looked like, to tell whether a turn changed it. The state is plain JSON (read from
 * storage as JSON, written back as JSON), so its JSON text is the fingerprint: botbuilder's own
 * (JSON through a replacer function for every value, then SHA-256) costs several times more and a
 * turn takes it three times per state object. A state JSON cannot express (a cycle) gets
 * botbuilder's, which copes with cycles.
 */
function fingerprint(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  try {
    return JSON.stringify(rest);
  } catch {
    return calculateChangeHash(state);
  }
}

/** BotState's turn-state key (private in its typings, a plain property at run time). */
function cacheKey(state: BotState): symbol {
  return (state as unknown as { stateKey: symbol }).stateKey;
}

// TypeScript's mixin pattern needs a constructor type of `any[]` arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type BotStateClass = new (...args: any[]) => BotState;

/**
 * BotState with the same decisions (load once per turn, write back only what changed, `force`
 * writes anyway, clear() forces a write) and a cheaper fingerprint of the state.
 */
function withPlainFingerprint<T extends BotStateClass>(Base: T) {
  return class extends Base {
    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
      const cached = context.turnState.get(cacheKey(this)) as CachedState | undefined;
      if (!force && cached?.state) return cached.state;
      const key = await this.storageKey(context);
      const items = await this.storage.read([key]);
      const state = (items[key] as Record<string, unknown> | undefined) ?? {};
      context.turnState.set(cacheKey(this), { state, hash: fingerprint(state) });
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      let cached = context.turnState.get(cacheKey(this)) as CachedState | undefined;
      const now = cached ? fingerprint(cached.state) : undefined;
      if (!force && (!cached || cached.hash === now)) return;
      const key = await this.storageKey(context);
      cached ??= { state: {}, hash: '' };
      cached.state.eTag = '*';
      await this.storage.write({ [key]: cached.state });
      cached.hash = now ?? fingerprint(cached.state);
      context.turnState.set(cacheKey(this), cached);
    }
  };
}

/** botbuilder's ConversationState with the cheaper change check. */
export const TurnConversationState = withPlainFingerprint(ConversationState);
/** botbuilder's UserState with the cheaper change check. */
export const TurnUserState = withPlainFingerprint(UserState);
