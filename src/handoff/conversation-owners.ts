import type { CaseFile, FlowCaseFields } from '../tickets/case-file';
import type { Lang } from '../i18n/languages';
import type { HandoffReason } from './handoff-types';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../storage/ports';

/**
 * A question the bot asked, answered in the user's next message: the rating and comment after a
 * hand-over ended, an e-mail address for a ticket left for later (web chat, no address known), or
 * "did the fix hold?" some time after a resolution (src/followup).
 */
export interface PendingFeedback {
  kind: 'rating' | 'comment' | 'email' | 'follow-up';
  ticketId: string;
  language: Lang;
  /** Asked once more after a reply that was no answer; the next such reply drops the question. */
  reasked?: boolean;
}

/**
 * Who owns a conversation, keyed by conversation id so the bot reads it with one lookup per
 * turn. Kept in storage, not memory: any instance may serve the user's next message.
 */
/** A hand-over waiting for the user to confirm what it is about (the queue depends on it). */
export interface PendingConfirmation {
  category: string;
  reason: HandoffReason;
  language: Lang;
  /** The case file as it was when the user asked: it goes to the ticket. */
  caseFile?: CaseFile & FlowCaseFields;
}

export interface ConversationOwner extends StoredDocument {
  handoffId?: string;
  /**
   * The last hand-over that owned the conversation, until the bot's next own turn after it: that
   * turn starts afresh (the bot's open question is moot) and clears it. Kept here, read with the
   * owner every turn, so the bot need not read its chat record to learn of a take-over.
   */
  unseenHandoff?: string;
  pending?: PendingFeedback;
  confirm?: PendingConfirmation;
  updatedAt: string;
}

export class ConversationOwners {
  private readonly owners: DocumentCollection<ConversationOwner>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly clock: () => Date,
  ) {
    this.owners = storage.collection<ConversationOwner>('conversation-owners');
  }

  get(conversationId: string): Promise<ConversationOwner | undefined> {
    return this.owners.get(conversationId);
  }

  /** Sets (or with `undefined` removes) fields, creating the record when there is none. */
  async set(
    conversationId: string,
    patch: {
      handoffId?: string | undefined;
      pending?: PendingFeedback | undefined;
      confirm?: PendingConfirmation | undefined;
    },
  ): Promise<void> {
    const change = {
      ...patch,
      ...(typeof patch.handoffId === 'string' ? { unseenHandoff: patch.handoffId } : {}),
      updatedAt: this.clock().toISOString(),
    };
    if (await this.owners.update(conversationId, {}, change)) return;
    try {
      await this.owners.insert({ id: conversationId, ...stripUndefined(change) });
    } catch (error) {
      // Another instance created it in between: apply ours on top.
      if (!(error instanceof DuplicateKeyError)) throw error;
      await this.owners.update(conversationId, {}, change);
    }
  }

  /** The bot has started afresh after this hand-over (unless a newer one came meanwhile). */
  async handoffSeen(conversationId: string, handoffId: string): Promise<void> {
    await this.owners.update(conversationId, { unseenHandoff: handoffId }, { unseenHandoff: undefined });
  }

  /** Removes the owner only if it is still this hand-over (a newer one may have taken over). */
  async release(conversationId: string, handoffId: string): Promise<void> {
    await this.owners.update(
      conversationId,
      { handoffId },
      { handoffId: undefined, updatedAt: this.clock().toISOString() },
    );
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
