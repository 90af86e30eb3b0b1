import type { StoredTranscriptEntry, TranscriptStore } from '../storage/ports';
import type { Technician } from '../technicians';
import { LIVE_WINDOW_MS, type BotChat, type BotChats } from './bot-chats';
import type { TechnicianDesk } from './technician-desk';
import type { UserQueue } from './user-queue';
import type { ClaimResult } from './handoff-types';

/** A live bot chat as the console lists it. */
export interface BotChatSummary {
  conversationId: string;
  channelId: string;
  user: BotChat['user'];
  language: BotChat['language'];
  startedAt: string;
  lastMessageAt: string;
  turns: number;
  /** What the user said the problem is, when they said it. */
  problem?: string;
}

const TRANSCRIPT_LIMIT = 200;

/**
 * Technicians see the chats the bot is having and can step into one: the conversation gets a
 * ticket with the bot's case file and a hand-over assigned to the technician, and the user is
 * told who joined. Of technicians taking over one chat at once exactly one wins (a conditional
 * write on the chat's record); the others are told who has it.
 */
export class BotChatTakeover {
  constructor(
    private readonly deps: {
      chats: BotChats;
      desk: Pick<TechnicianDesk, 'claim' | 'openAssigned'>;
      queue: Pick<UserQueue, 'ownerOf'>;
      transcripts: Pick<TranscriptStore, 'list'>;
      clock: () => Date;
    },
  ) {}

  async list(): Promise<BotChatSummary[]> {
    const live = await this.deps.chats.live();
    const free = await Promise.all(live.map(async (chat) => !(await this.deps.queue.ownerOf(chat.id))));
    return live.filter((_, i) => free[i]).map(summary);
  }

  /** The chat and its transcript so far (already redacted when stored). */
  async view(
    conversationId: string,
  ): Promise<{ chat: BotChatSummary; transcript: StoredTranscriptEntry[] } | undefined> {
    const chat = await this.deps.chats.get(conversationId);
    if (!chat) return undefined;
    const transcript = await this.deps.transcripts.list(conversationId, { limit: TRANSCRIPT_LIMIT });
    return { chat: summary(chat), transcript };
  }

  async takeOver(conversationId: string, technician: Technician): Promise<ClaimResult> {
    const chat = await this.deps.chats.get(conversationId);
    if (!chat) return { ok: false, reason: 'not-found' };
    // The user asked for a person meanwhile: that hand-over is the one to take.
    const live = await this.deps.queue.ownerOf(conversationId);
    if (live) return this.deps.desk.claim(live.id, technician);
    const idle = this.deps.clock().getTime() - Date.parse(chat.lastMessageAt) > LIVE_WINDOW_MS;
    if (idle) return { ok: false, reason: 'not-found' };
    // A colleague's take-over already landed (the chat is marked until the bot's next turn): a
    // late click is told who was first, as one that lost the race to the claim itself is.
    if (chat.takenOverAt) return { ok: false, reason: 'already-claimed', claimedBy: chat.takenOverBy };
    if (!(await this.deps.chats.claim(chat, technician.id))) {
      const now = await this.deps.chats.get(conversationId);
      return { ok: false, reason: 'already-claimed', claimedBy: now?.takenOverBy };
    }
    const handoff = await this.deps.desk.openAssigned(
      {
        reference: chat.upstream,
        user: chat.user,
        language: chat.language,
        channelId: chat.channelId,
        reason: 'technician-picked',
        caseFile: chat.caseFile,
      },
      technician,
    );
    return { ok: true, handoff };
  }
}

function summary(chat: BotChat): BotChatSummary {
  const problem = chat.caseFile?.problem ?? chat.caseFile?.descriptions.at(-1);
  return {
    conversationId: chat.id,
    channelId: chat.channelId,
    user: chat.user,
    language: chat.language,
    startedAt: chat.startedAt,
    lastMessageAt: chat.lastMessageAt,
    turns: chat.turns,
    ...(problem ? { problem } : {}),
  };
}
