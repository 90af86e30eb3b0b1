import type { Logger } from '../logging';
import type { ConversationSignals } from './ports';

/**
 * In-process fan-out. Enough on its own for the embedded backend (one instance); the MongoDB
 * backend uses it for local listeners and adds cross-instance delivery on top. Keys are any
 * strings (conversation ids, 'console', 'handoff:<id>'): a Map rather than an EventEmitter, whose
 * own event names ('newListener', 'error') would give such keys special meanings.
 */
export class LocalSignals implements ConversationSignals {
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly logger: Logger) {}

  notify(key: string): void {
    // A copy: a listener may unsubscribe itself (or others) while we iterate.
    for (const listener of [...(this.listeners.get(key) ?? [])]) {
      try {
        listener();
      } catch (error) {
        // A failing listener must not stop the others or the writer that notified.
        this.logger.error({ err: error, key }, 'signal listener failed');
      }
    }
  }

  subscribe(key: string, listener: () => void): () => void {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const wrapped = (): void => listener();
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(wrapped);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.listeners.get(key);
      current?.delete(wrapped);
      if (current?.size === 0) this.listeners.delete(key);
    };
  }

  hasListeners(key: string): boolean {
    return (this.listeners.get(key)?.size ?? 0) > 0;
  }

  subscribedConversations(): string[] {
    return [...this.listeners.keys()];
  }

  clear(): void {
    this.listeners.clear();
  }
}
