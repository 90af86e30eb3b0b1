import { z } from 'zod';
import { AppError } from '../../errors';
import { assertBoundedField } from '../../server';

const MAX_CLIENT_ACTIVITY_ID = 128;
const MAX_SHORT_STRING = 256;
const shortString = z.string().max(MAX_SHORT_STRING);

/**
 * Bounds of what a client may put in the stored fields of an activity. Everything a client posts is
 * kept in the conversation's log for as long as the log is kept, so these are small: a card's
 * submitted values and Web Chat's own entities fit with room to spare.
 */
export const CLIENT_FIELD_LIMITS = {
  value: { bytes: 8 * 1024, depth: 8 },
  entities: { count: 8, bytes: 2 * 1024, depth: 4 },
} as const;

/** The activity types a Direct Line client sends (Web Chat: messages, typing, events such as webchat/join). */
const CLIENT_ACTIVITY_TYPES = ['message', 'typing', 'event'] as const;

/**
 * What the server keeps of a client's activity. Unknown fields are dropped (zod strips them), and
 * `from`, ids, timestamps and addressing are always set by the server, never taken from the client.
 * Of `channelData` only what Web Chat needs back is kept: its echo id and timestamp, and the
 * postBack/messageBack flags of a card button.
 */
const clientActivitySchema = z.object({
  type: z.enum(CLIENT_ACTIVITY_TYPES, 'type must be one of message, typing, event'),
  text: z.string().optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: shortString.optional(),
  localTimestamp: shortString.optional(),
  localTimezone: shortString.optional(),
  name: shortString.optional(),
  value: z.unknown().optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(CLIENT_FIELD_LIMITS.entities.count).optional(),
  attachments: z.array(z.unknown()).optional(),
  channelData: z
    .object({
      clientActivityID: z.string().min(1).max(MAX_CLIENT_ACTIVITY_ID).optional(),
      clientTimestamp: shortString.optional(),
      postBack: z.boolean().optional(),
      messageBack: z.boolean().optional(),
    })
    .optional(),
});

export type ClientActivity = z.infer<typeof clientActivitySchema>;

/**
 * channelData field the server sets on a message longer than MAX_MESSAGE_CHARS: the length the user
 * sent, in characters. The text is cut to its start (see `keepStart`); the bot tells the user so.
 */
export const SHORTENED_FROM_FIELD = 'firstlineShortenedFrom';

/** The first `max` characters (code points, so no emoji is cut in half). */
function firstChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('') : text;
}

/**
 * A pasted log or a long e-mail thread is accepted (up to BODY_LIMIT_BYTES, the body limit) rather
 * than refused with a 413 the web chat can only show as a failed send: its start is kept, twice
 * MAX_MESSAGE_CHARS here so that redaction sees a secret whole before `keepStart` cuts the rest.
 */
function withLongTextMarked(activity: ClientActivity, maxMessageChars: number): ClientActivity {
  const text = activity.text;
  if (text === undefined || text.length <= maxMessageChars) return activity;
  const length = [...text].length;
  if (length <= maxMessageChars) return activity;
  return {
    ...activity,
    text: firstChars(text, maxMessageChars * 2),
    channelData: { ...activity.channelData, [SHORTENED_FROM_FIELD]: length },
  } as ClientActivity;
}

/** The activity with its text cut to `maxMessageChars`, once redaction has read it. */
export function keepStart(activity: ClientActivity, maxMessageChars: number): ClientActivity {
  if (activity.text === undefined || activity.text.length <= maxMessageChars) return activity;
  return { ...activity, text: firstChars(activity.text, maxMessageChars) };
}

/** Parses a posted activity; throws AppError with a stable code a client can act on. */
export function parseClientActivity(body: unknown, maxMessageChars: number): ClientActivity {
  const parsed = clientActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new AppError('BadArgument', `Invalid activity. ${where}${issue?.message ?? 'unexpected shape'}`);
  }
  const activity = withLongTextMarked(parsed.data, maxMessageChars);
  if (activity.attachments && activity.attachments.length > 0) {
    throw new AppError('AttachmentsNotSupported', 'Attachments are not supported yet.');
  }
  assertBoundedField('value', activity.value, CLIENT_FIELD_LIMITS.value);
  for (const entity of activity.entities ?? [])
    assertBoundedField('entities', entity, CLIENT_FIELD_LIMITS.entities);
  return activity;
}

export function clientActivityId(activity: { channelData?: unknown }): string | undefined {
  const channelData = activity.channelData;
  if (!channelData || typeof channelData !== 'object') return undefined;
  const id = (channelData as { clientActivityID?: unknown }).clientActivityID;
  return typeof id === 'string' ? id : undefined;
}

/** Direct Line activity ids: `<conversationId>|<index padded to 7 digits>`, as the hosted service does. */
export function activityId(conversationId: string, index: number): string {
  return `${conversationId}|${String(index).padStart(7, '0')}`;
}

/** A watermark is the index of the next activity the client has not seen; '' means from the start. */
export function parseWatermark(value: unknown): number {
  if (value === undefined || value === '' || value === null) return 0;
  if (typeof value !== 'string' || !/^\d{1,12}$/.test(value)) {
    throw new AppError('BadArgument', 'The watermark must be a non-negative integer.');
  }
  return Number(value);
}
