import type { Storage } from 'botbuilder';

/**
 * Everything FirstLine keeps goes through these ports. The embedded backend (SQLite) and the
 * MongoDB backend implement the same contract, checked by test/contract/storage.contract.ts.
 * All methods are async even where SQLite is synchronous, so backends are interchangeable.
 */

export type Direction = 'incoming' | 'outgoing';

/** One line of a conversation transcript, channel-agnostic. Text is stored already redacted. */
export interface TranscriptEntry {
  conversationId: string;
  channelId: string;
  direction: Direction;
  /** ISO-8601 timestamp taken when the entry was recorded. */
  at: string;
  activityId?: string;
  type: string;
  from: { id: string; name?: string; role: 'user' | 'bot' | 'technician' };
  text?: string;
  /** Compact description of attachments (card titles, button labels), never raw binaries. */
  attachments?: { contentType: string; summary: string }[];
}

export interface StoredTranscriptEntry extends TranscriptEntry {
  /** Strictly increasing per conversation, from 1. */
  seq: number;
}

export interface TranscriptStore {
  append(entry: TranscriptEntry): Promise<StoredTranscriptEntry>;
  /** Entries with seq > afterSeq, oldest first. */
  list(
    conversationId: string,
    options?: { afterSeq?: number; limit?: number },
  ): Promise<StoredTranscriptEntry[]>;
}

export interface DirectLineConversation {
  id: string;
  /** Assigned by the server; the client never chooses it. */
  userId: string;
  createdAt: string;
}

/** A Bot Framework activity as Direct Line serves it; the index is its watermark. */
export interface DirectLineRecord {
  conversationId: string;
  /** 0-based position in the conversation's log; the watermark after it is index + 1. */
  index: number;
  activity: Record<string, unknown>;
}

export interface DirectLineStore {
  /** Rejects if the id exists, so a conversation can never be handed to another user. */
  createConversation(conversation: DirectLineConversation): Promise<void>;
  getConversation(id: string): Promise<DirectLineConversation | undefined>;
  /**
   * Appends atomically and assigns the next index, also across instances. `build` receives the
   * index so the stored activity can carry an id derived from it. `build` must be pure: when
   * another instance takes the same index first, it is called again with the next one. If it
   * throws, nothing is stored and no index is used.
   */
  appendActivity(
    conversationId: string,
    build: (index: number) => Record<string, unknown>,
  ): Promise<DirectLineRecord>;
  /** Activities with index >= fromIndex, oldest first. */
  listActivities(conversationId: string, fromIndex: number, limit?: number): Promise<DirectLineRecord[]>;
}

/** Remembers which keys were seen, so a retried activity is processed only once. */
export interface IdempotencyStore {
  /** True for the first caller with this key (within ttlMs), false for every later one. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** Named values shared by every instance, such as signing keys generated once per deployment. */
export interface SecretStore {
  /** Returns the stored value, or stores `create()` if there is none yet (first writer wins). */
  getOrCreate(name: string, create: () => string): Promise<string>;
}

/** Tells listeners that a conversation has new activities; fans out across instances. */
export interface ConversationSignals {
  notify(conversationId: string): void;
  subscribe(conversationId: string, listener: () => void): () => void;
}

export interface StorageBackend {
  readonly kind: 'sqlite' | 'mongodb';
  /**
   * botbuilder state (conversation and user state) with MemoryStorage's eTag rules: no eTag or
   * '*' overwrites, a stale eTag rejects, every write gets a new eTag. A multi-key write is
   * all-or-nothing on SQLite but key by key on MongoDB (no transactions).
   */
  readonly botState: Storage;
  readonly transcripts: TranscriptStore;
  readonly directLine: DirectLineStore;
  readonly idempotency: IdempotencyStore;
  readonly secrets: SecretStore;
  readonly signals: ConversationSignals;
  /** Resolves when the backend can serve requests; rejects otherwise (for /readyz). */
  ping(): Promise<void>;
  /** Flushes pending writes and releases connections. Idempotent. */
  close(): Promise<void>;
}
