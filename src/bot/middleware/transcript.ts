import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type { TranscriptEntry, TranscriptStore } from '../../storage/ports';
import type { Logger } from '../../logging';
import { clickedText } from '../../dialogs/choices';
import { isRerun } from '../../turn';
import { filesOf } from '../../attachments';

type Role = TranscriptEntry['from']['role'];
const RECORDED_TYPES = new Set(['message', 'event', 'conversationUpdate', 'endOfConversation']);
/** Set on technicians' messages, which the hand-over records itself under the technician's name. */
const RECORDED_ELSEWHERE = 'firstlineTechnician';

/**
 * Appends both directions of every conversation to the transcript, with timestamps. A turn's lines
 * (the user's message and the bot's answers) are written together when the turn has run: one write
 * instead of one per line. What is sent after that (a late send of the turn) is written at once.
 */
export function recordTranscript(store: TranscriptStore, logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const lines: TranscriptEntry[] = [];
      let written = false;
      const note = (activity: Partial<Activity>, direction: TranscriptEntry['direction'], role: Role) => {
        const entry = entryOf(activity, direction, role);
        if (!entry) return;
        if (!written) lines.push(entry);
        else
          void store
            .append(entry)
            .catch((err: unknown) =>
              logger.error({ err, conversationId: entry.conversationId }, 'transcript write failed'),
            );
      };
      // A proactive turn (technician relay, queue update) starts with a synthetic event: not the user's.
      const proactive =
        context.activity.type === 'event' && context.activity.name?.toLowerCase() === 'continueconversation';
      if (!proactive && !(await recordedBefore(store, context))) {
        // A card click is recorded as the label of the button, so the transcript reads as the chat did.
        const { activity } = context;
        const text = activity.type === 'message' ? clickedText(activity) || activity.text : activity.text;
        note({ ...activity, text }, 'incoming', 'user');
      }
      context.onSendActivities(async (ctx, activities, sendNext) => {
        const responses = await sendNext();
        for (const [i, activity] of activities.entries()) {
          if (isRecordedElsewhere(activity)) continue;
          note({ ...ctx.activity, ...activity, id: responses[i]?.id ?? activity.id }, 'outgoing', 'bot');
        }
        return responses;
      });
      try {
        await next();
      } finally {
        written = true;
        // Also when the turn failed: the user's words and what the bot said before are kept.
        await Promise.all(
          [...byConversation(lines)].map(([conversationId, entries]) =>
            store
              .appendAll(entries)
              .catch((err: unknown) => logger.error({ err, conversationId }, 'transcript write failed')),
          ),
        );
      }
    },
  };
}

/** A turn run again after a crash (`isRerun`) may have recorded the user's words the first time. */
async function recordedBefore(store: TranscriptStore, context: TurnContext): Promise<boolean> {
  const { id, conversation } = context.activity;
  if (!isRerun(context) || !id || !conversation?.id) return false;
  const entries = await store.list(conversation.id);
  return entries.some((e) => e.direction === 'incoming' && e.activityId === id);
}

function byConversation(entries: readonly TranscriptEntry[]): Map<string, TranscriptEntry[]> {
  const groups = new Map<string, TranscriptEntry[]>();
  for (const entry of entries) {
    const group = groups.get(entry.conversationId) ?? [];
    group.push(entry);
    groups.set(entry.conversationId, group);
  }
  return groups;
}

function entryOf(
  activity: Partial<Activity>,
  direction: TranscriptEntry['direction'],
  role: Role,
): TranscriptEntry | undefined {
  if (!activity.type || !RECORDED_TYPES.has(activity.type) || !activity.conversation?.id) return undefined;
  return {
    conversationId: activity.conversation.id,
    channelId: activity.channelId ?? 'unknown',
    direction,
    at: new Date().toISOString(),
    activityId: activity.id,
    type: activity.type,
    from: { id: activity.from?.id ?? role, name: activity.from?.name, role },
    text: activity.text,
    attachments: activity.attachments?.map((a) => ({
      contentType: a.contentType,
      summary: describeAttachment(a.content),
    })),
    ...(direction === 'incoming' && filesOf(activity).length > 0 ? { files: filesOf(activity) } : {}),
  };
}

function isRecordedElsewhere(activity: Partial<Activity>): boolean {
  const data: unknown = activity.channelData;
  return typeof data === 'object' && data !== null && RECORDED_ELSEWHERE in data;
}

const SUMMARY_CHARS = 300;

/**
 * What a card said, as a technician reading the transcript needs it: its texts and its buttons
 * ("Did that work? [Yes, it worked] [No]"), never the raw JSON.
 */
export function describeAttachment(content: unknown): string {
  const texts: string[] = [];
  const buttons: string[] = [];
  collectCardText(content, texts, buttons, 0);
  const summary = [...texts, ...buttons.map((b) => `[${b}]`)].join(' ');
  return summary.length > SUMMARY_CHARS ? `${summary.slice(0, SUMMARY_CHARS - 1)}…` : summary;
}

function collectCardText(node: unknown, texts: string[], buttons: string[], depth: number): void {
  if (depth > 8 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) collectCardText(item, texts, buttons, depth + 1);
    return;
  }
  const element = node as Record<string, unknown>;
  const type = typeof element.type === 'string' ? element.type : '';
  if (type.startsWith('Action.') || type === 'imBack' || type === 'messageBack') {
    if (typeof element.title === 'string') buttons.push(element.title);
    return;
  }
  for (const key of ['title', 'text', 'subtitle']) {
    if (typeof element[key] === 'string' && element[key]) texts.push(element[key]);
  }
  for (const key of ['body', 'items', 'columns', 'actions', 'buttons', 'facts', 'inlines']) {
    collectCardText(element[key], texts, buttons, depth + 1);
  }
}
