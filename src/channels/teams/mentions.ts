import { ActivityTypes, ConversationState, TurnContext, type Activity, type Middleware } from 'botbuilder';
import type { StorageBackend } from '../../storage/ports';

/** Teams conversation types where people talk among themselves and the bot is one of many. */
const SHARED_CONVERSATIONS = new Set(['channel', 'groupChat']);

/**
 * In Teams team channels and group chats the bot hears only what is meant for it: a message that
 * @mentions it (the mention is removed first, so "<at>FirstLine</at> help" is "help"), a press on
 * one of its cards, or a reply in a channel thread the bot already answers in. Anything else there
 * is people talking to each other and ends here, unanswered and unrecorded. 1:1 chats pass as they are.
 */
export function teamsMentions(storage: Pick<StorageBackend, 'botState'>): Middleware {
  // The same state the bot keeps per conversation (src/bot), read to see whether it spoke here.
  const conversations = new ConversationState(storage.botState);
  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (!isSharedTeamsMessage(activity)) return next();
      if (mentionsRecipient(activity)) {
        removeRecipientMentions(activity);
        return next();
      }
      if (isCardPress(activity)) return next();
      if (isChannelThread(activity) && (await botHasSpokenIn(storage, conversations, context))) return next();
    },
  };
}

function isSharedTeamsMessage(activity: Partial<Activity>): boolean {
  return (
    activity.channelId === 'msteams' &&
    activity.type === ActivityTypes.Message &&
    SHARED_CONVERSATIONS.has(activity.conversation?.conversationType ?? '')
  );
}

function mentionsRecipient(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return botId !== undefined && TurnContext.getMentions(activity).some((m) => m.mentioned?.id === botId);
}

/** Every mention of the bot leaves the text (botbuilder's helper removes the first one per call). */
function removeRecipientMentions(activity: Partial<Activity>): void {
  if (typeof activity.text !== 'string') return;
  for (let i = 0; i < 5; i++) {
    const before: string = activity.text;
    TurnContext.removeRecipientMention(activity);
    if (activity.text === before) break;
  }
  // "Hi <at>FirstLine</at>, my printer…" reads "Hi, my printer…".
  activity.text = activity.text
    .replace(/&nbsp;/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/^[\s,.;:]+/, '')
    .trim();
}

/** An Action.Submit on a card the bot posted: value, no typed text. */
function isCardPress(activity: Partial<Activity>): boolean {
  return typeof activity.value === 'object' && activity.value !== null && !(activity.text ?? '').trim();
}

/** A reply in a channel thread: Teams names the thread's root message in the conversation id. */
function isChannelThread(activity: Partial<Activity>): boolean {
  return (
    activity.conversation?.conversationType === 'channel' &&
    /;messageid=/.test(activity.conversation.id ?? '')
  );
}

/**
 * The bot owns a thread once it was mentioned there: that turn left the thread's conversation
 * state, which lives as long as the conversation's.
 */
async function botHasSpokenIn(
  storage: Pick<StorageBackend, 'botState'>,
  conversations: ConversationState,
  context: TurnContext,
): Promise<boolean> {
  const key = conversations.getStorageKey(context);
  if (!key) return false;
  const items = await storage.botState.read([key]);
  return items[key] !== undefined;
}
