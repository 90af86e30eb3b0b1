import type { ConversationReference } from 'botbuilder';
import type { CaseFile, FlowCaseFields } from '../tickets/case-file';
import type { Lang } from '../i18n/languages';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../storage/ports';
import type { TicketUser } from '../tickets';

/** A conversation the bot is handling, as a technician may take it over. */
export interface BotChat extends StoredDocument {
  /** The conversation id. */
  id: string;
  channelId: string;
  upstream: Partial<ConversationReference>;
  user: TicketUser;
  language: Lang;
  startedAt: string;
  lastMessageAt: string;
  /** The user's messages the bot answered. */
  turns: number;
  /** The case file after the bot's last answer: it goes to the ticket of a take-over. */
  caseFile?: CaseFile & FlowCaseFields;
  /** Set by the take-over that won; the chat leaves the list until the user writes again. */
  takenOverAt?: string;
  /** The technician whose take-over won. */
  takenOverBy?: string;
}

export type BotChatTurn = Omit<
  BotChat,
  'version' | 'startedAt' | 'lastMessageAt' | 'turns' | 'takenOverAt' | 'takenOverBy'
>;

/** Chats the bot answered within this window are "live". */
export const LIVE_WINDOW_MS = 30 * 60 * 1000;
const LIST_LIMIT = 100;
const PURGE_BATCH = 500;

/**
 * One record per conversation the bot answers, kept in storage so that a technician on any
 * instance sees the chats the bot is having and can take one over. Written after every answer.
 */
export class BotChats {
  private readonly chats: DocumentCollection<BotChat>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly clock: () => Date,
  ) {
    this.chats = storage.collection<BotChat>('bot-chats');
  }

  get(conversationId: string): Promise<BotChat | undefined> {
    return this.chats.get(conversationId);
  }

  /**
   * Notes one answered message (the conversation's `turns`th); a message after a take-over makes
   * the chat live again. Written without reading the record first: the change does not depend on
   * it, so on MongoDB it is one insert of the successor of the revision this instance last knew
   * (see MongoDocuments.update); a record another instance wrote since is read and written then.
   */
  async record(answered: BotChatTurn, turns: number): Promise<void> {
    const turn = { ...answered, lastMessageAt: this.clock().toISOString() };
    const change = { ...withoutId(turn), turns, takenOverAt: undefined, takenOverBy: undefined };
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.chats.update(turn.id, {}, change)) return;
      try {
        await this.chats.insert({ ...turn, startedAt: turn.lastMessageAt, turns });
        return;
      } catch (error) {
        // Another instance created it in between: update that one.
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
    }
  }

  /** Chats answered within the live window and not taken over since, most recent first. */
  async live(): Promise<BotChat[]> {
    const since = this.clock().getTime() - LIVE_WINDOW_MS;
    const recent = await this.chats.find({
      orderBy: [{ field: 'lastMessageAt', direction: 'desc' }],
      limit: LIST_LIMIT,
    });
    return recent.filter((chat) => Date.parse(chat.lastMessageAt) >= since && !chat.takenOverAt);
  }

  /** Marks the take-over; of concurrent callers with the same version exactly one gets the chat. */
  claim(chat: BotChat, technicianId: string): Promise<BotChat | undefined> {
    return this.chats.update(
      chat.id,
      { version: chat.version },
      { takenOverAt: this.clock().toISOString(), takenOverBy: technicianId },
    );
  }

  /** Deletes records of chats with no message since `before`; returns how many. */
  async purge(before: Date): Promise<number> {
    const oldest = await this.chats.find({
      orderBy: [{ field: 'lastMessageAt', direction: 'asc' }],
      limit: PURGE_BATCH,
    });
    let deleted = 0;
    for (const chat of oldest) {
      if (Date.parse(chat.lastMessageAt) >= before.getTime()) break;
      if (await this.chats.delete(chat.id)) deleted++;
    }
    return deleted;
  }
}

function withoutId<T extends { id: string }>(turn: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = turn;
  return rest;
}
