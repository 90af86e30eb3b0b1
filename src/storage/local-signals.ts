import { EventEmitter } from 'node:events';
import type { Logger } from '../logging';
import type { ConversationSignals } from './ports';

/**
 * In-process fan-out. Enough on its own for the embedded backend (one instance); the MongoDB
 * backend uses it for local listeners and adds cross-instance delivery on top.
 */
export class LocalSignals implements ConversationSignals {
  private readonly emitter = new EventEmitter();

  constructor(private readonly logger: Logger) {
    // One listener per open Direct Line stream; a busy deployment has many.
    this.emitter.setMaxListeners(0);
  }

  notify(conversationId: string): void {
    for (const listener of this.emitter.listeners(conversationId)) {
      try {
        (listener as () => void)();
      } catch (error) {
        // A failing listener must not stop the others or the writer that notified.
        this.logger.error({ err: error, conversationId }, 'conversation signal listener failed');
      }
    }
  }

  subscribe(conversationId: string, listener: () => void): () => void {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const wrapped = (): void => listener();
    this.emitter.on(conversationId, wrapped);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.emitter.off(conversationId, wrapped);
    };
  }

  hasListeners(conversationId: string): boolean {
    return this.emitter.listenerCount(conversationId) > 0;
  }

  subscribedConversations(): string[] {
    return this.emitter.eventNames().filter((name): name is string => typeof name === 'string');
  }

  clear(): void {
    this.emitter.removeAllListeners();
  }
}
