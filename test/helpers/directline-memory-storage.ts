import { MemoryStorage } from 'botbuilder';
import type {
  DirectLineConversation,
  DirectLineRecord,
  StorageBackend,
  StoredTranscriptEntry,
} from '../../src/storage/ports';

/**
 * A small in-process StorageBackend for Direct Line unit tests that must not touch disk. The
 * integration tests use the real embedded backend; this one only has to honour the same contract.
 */
export function createMemoryStorage(): StorageBackend {
  const conversations = new Map<string, DirectLineConversation>();
  const logs = new Map<string, DirectLineRecord[]>();
  const claims = new Map<string, number>();
  const secrets = new Map<string, string>();
  const listeners = new Map<string, Set<() => void>>();
  const transcripts: StoredTranscriptEntry[] = [];

  return {
    kind: 'sqlite',
    botState: new MemoryStorage(),
    transcripts: {
      async append(entry) {
        const stored = {
          ...entry,
          seq: transcripts.filter((e) => e.conversationId === entry.conversationId).length + 1,
        };
        transcripts.push(stored);
        return stored;
      },
      async list(conversationId, options = {}) {
        return transcripts
          .filter((e) => e.conversationId === conversationId && e.seq > (options.afterSeq ?? 0))
          .slice(0, options.limit);
      },
    },
    directLine: {
      async createConversation(conversation) {
        conversations.set(conversation.id, { ...conversation });
      },
      async getConversation(id) {
        return conversations.get(id);
      },
      async appendActivity(conversationId, build) {
        const log = logs.get(conversationId) ?? [];
        logs.set(conversationId, log);
        const record = {
          conversationId,
          index: log.length,
          activity: JSON.parse(JSON.stringify(build(log.length))),
        };
        log.push(record);
        return record;
      },
      async listActivities(conversationId, fromIndex, limit = 1000) {
        return (logs.get(conversationId) ?? []).slice(fromIndex, fromIndex + limit);
      },
    },
    idempotency: {
      async claim(key, ttlMs) {
        const until = claims.get(key);
        if (until !== undefined && until > Date.now()) return false;
        claims.set(key, Date.now() + ttlMs);
        return true;
      },
    },
    secrets: {
      async getOrCreate(name, create) {
        if (!secrets.has(name)) secrets.set(name, create());
        return secrets.get(name) as string;
      },
    },
    signals: {
      notify(conversationId) {
        for (const listener of listeners.get(conversationId) ?? []) setImmediate(listener);
      },
      subscribe(conversationId, listener) {
        const set = listeners.get(conversationId) ?? new Set();
        listeners.set(conversationId, set);
        set.add(listener);
        return () => set.delete(listener);
      },
    },
    async ping() {},
    async close() {},
  };
}
