import { z } from 'zod';
import { AppError } from '../../errors';

const MAX_CLIENT_ACTIVITY_ID = 128;
const MAX_SHORT_STRING = 256;
const shortString = z.string().max(MAX_SHORT_STRING);

/**
 * What the server keeps of a client's activity. Unknown fields are dropped (zod strips them), and
 * `from`, ids, timestamps and addressing are always set by the server, never taken from the client.
 */
const clientActivitySchema = z.object({
  type: z.string().trim().min(1, 'type is required').max(64),
  text: z.string().optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: shortString.optional(),
  localTimestamp: shortString.optional(),
  localTimezone: shortString.optional(),
  name: shortString.optional(),
  value: z.unknown().optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(16).optional(),
  attachments: z.array(z.unknown()).optional(),
  channelData: z
    .looseObject({ clientActivityID: z.string().min(1).max(MAX_CLIENT_ACTIVITY_ID).optional() })
    .optional(),
});

export type ClientActivity = z.infer<typeof clientActivitySchema>;

/** Parses a posted activity; throws AppError with a stable code a client can act on. */
export function parseClientActivity(body: unknown, maxMessageChars: number): ClientActivity {
  const parsed = clientActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new AppError('BadArgument', `Invalid activity. ${where}${issue?.message ?? 'unexpected shape'}`);
  }
  const activity = parsed.data;
  if (activity.text !== undefined && [...activity.text].length > maxMessageChars) {
    throw new AppError('MessageTooLong', `The message is longer than ${maxMessageChars} characters.`);
  }
  if (activity.attachments && activity.attachments.length > 0) {
    throw new AppError('AttachmentsNotSupported', 'Attachments are not supported yet.');
  }
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
