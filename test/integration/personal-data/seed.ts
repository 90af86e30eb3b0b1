import { randomUUID } from 'node:crypto';
import { FEEDBACK_COLLECTION } from '../../../src/feedback';
import { CASES_COLLECTION } from '../../../src/insights';
import { BotChats } from '../../../src/handoff';
import { ConversationOwners } from '../../../src/handoff/conversation-owners';
import { CONSOLE_STREAM } from '../../../src/handoff/console-events';
import type { StorageBackend, StoredDocument } from '../../../src/storage/ports';
import { TicketStore } from '../../../src/tickets';
import type { TestClock } from '../../helpers/each-backend';

const SURNAMES: Record<string, string> = { Olga: 'Wiśniewska-Brandt', Nina: 'Popescu' };

/** One user's chat, as it leaves traces in every store: ids and the texts written. */
export interface SeededChat {
  userId: string;
  userName: string;
  conversationId: string;
  ticketId: string;
  handoffId: string;
  /** What the user typed: must not survive an erasure. */
  messages: string[];
  /** What they said about the help (stored as feedback). */
  remark: string;
}

/**
 * Writes one web chat conversation of `label`'s user into every store, at the clock's time:
 * transcript, Direct Line log, bot state, bot-chat record, conversation record, a resolved ticket
 * with its ended hand-over, and console events.
 */
export async function seedChat(
  storage: StorageBackend,
  clock: TestClock,
  label: string,
): Promise<SeededChat> {
  const at = () => new Date(clock.now).toISOString();
  const chat: SeededChat = {
    userId: `dl_${label}user7f3a`,
    userName: `${label} ${SURNAMES[label] ?? 'Doe'}`,
    conversationId: `conv-${randomUUID()}`,
    ticketId: '',
    handoffId: randomUUID(),
    messages: [`my ${label} printer on floor 3 shows error 0x79`, `${label} says the toner light blinks`],
    remark: `${label} thinks the toner guide was useless`,
  };
  const user = { id: chat.userId, name: chat.userName };
  const { conversationId } = chat;
  await storage.directLine.createConversation({ id: conversationId, userId: chat.userId, createdAt: at() });
  for (const text of chat.messages) {
    await storage.transcripts.append({
      conversationId,
      channelId: 'directline',
      direction: 'incoming',
      at: at(),
      type: 'message',
      from: { ...user, role: 'user' },
      text,
    });
    await storage.transcripts.append({
      conversationId,
      channelId: 'directline',
      direction: 'outgoing',
      at: at(),
      type: 'message',
      from: { id: 'bot', role: 'bot' },
      text: `Sorry ${chat.userName}, let us look at that.`,
    });
    await storage.directLine.appendActivity(conversationId, (index) => ({
      type: 'message',
      id: `${conversationId}|${index}`,
      timestamp: at(),
      from: user,
      conversation: { id: conversationId },
      text,
    }));
  }
  // A file the user sent, named after them, with their words inside.
  const file = Buffer.from(`%PDF-1.4 ${chat.messages[0]}`);
  await storage.attachments.put(
    {
      id: randomUUID(),
      conversationId,
      userId: chat.userId,
      channelId: 'directline',
      name: `${chat.userName} error.pdf`,
      mediaType: 'application/pdf',
      size: file.length,
      sha256: '0'.repeat(64),
      createdAt: at(),
    },
    file,
  );
  // A remark about the help, kept as feedback.
  await storage.collection<StoredDocument & Record<string, unknown>>(FEEDBACK_COLLECTION).insert({
    id: randomUUID(),
    userId: chat.userId,
    conversationId,
    channelId: 'directline',
    language: 'en',
    sentiment: 'negative',
    text: chat.remark,
    about: 'unknown',
    createdAt: at(),
  });
  // The case record of their problem (for the insights), with its first message.
  await storage.collection<StoredDocument & Record<string, unknown>>(CASES_COLLECTION).insert({
    id: randomUUID(),
    conversationId,
    userId: chat.userId,
    channelId: 'directline',
    language: 'en',
    outcome: 'handed-over',
    articles: [],
    flows: [],
    firstMessage: chat.messages[0],
    openedAt: at(),
    day: at().slice(0, 10),
    closedAt: at(),
    durationMs: 0,
    updatedAt: at(),
  });
  // The conversation's token was refreshed once (which token generation is current).
  await storage
    .collection<StoredDocument & Record<string, unknown>>('directline-token-generations')
    .insert({ id: conversationId, generation: 1, previousValidUntil: clock.now + 60_000 });
  await storage.botState.write({
    // botbuilder's keys end with '/'; other state sits beside them.
    [`directline/users/${chat.userId}/`]: { language: 'en', name: chat.userName },
    [`directline/conversations/${conversationId}/`]: { dialogState: { lastText: chat.messages[0] } },
    [`directline/conversations/${conversationId}/frustration`]: { lastText: chat.messages[1] },
    // The redaction pipeline's split-message state for the conversation.
    [`firstline.privacy.pending/user/${conversationId}`]: { keyword: 'password', said: chat.messages[1] },
  });
  const clockDate = () => new Date(clock.now);
  await new BotChats(storage, clockDate).record(
    {
      id: conversationId,
      channelId: 'directline',
      upstream: {
        user,
        conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
      },
      user,
      language: 'en',
    },
    1,
  );
  await new ConversationOwners(storage, clockDate).set(conversationId, {});
  const tickets = new TicketStore(storage, clockDate);
  const ticket = await tickets.create({
    conversationId,
    channelId: 'directline',
    user,
    language: 'en',
    category: 'printer',
    priority: 'normal',
    skills: [],
    problem: chat.messages[0] ?? '',
    facts: { error: '0x79' },
    stepsTried: [],
    answers: [{ question: 'Which printer is it?', answer: chat.messages[1] ?? '' }],
    articlesSuggested: [],
    origin: 'the user asked for a person',
  });
  await tickets.addNote(ticket.id, 'tech-1', `Called ${chat.userName} back about it`);
  await tickets.resolve(ticket.id, {
    note: `Toner replaced for ${chat.userName}`,
    category: 'hardware',
    by: 'Ada',
  });
  await tickets.rate(ticket.id, 4, `${label} is happy now`);
  chat.ticketId = ticket.id;
  await storage.collection<StoredDocument & Record<string, unknown>>('handoffs').insert({
    id: chat.handoffId,
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    conversationId,
    channelId: 'directline',
    state: 'resolved',
    reason: 'user-asked',
    upstream: { user, conversation: { id: conversationId } },
    user,
    language: 'en',
    queuedAt: at(),
    endedAt: at(),
  });
  await storage.events.append(CONSOLE_STREAM, {
    type: 'message',
    handoffId: chat.handoffId,
    from: 'user',
    name: chat.userName,
    text: chat.messages[1],
  });
  await storage.events.append(CONSOLE_STREAM, { type: 'handoff.resolved', handoffId: chat.handoffId });
  return chat;
}
