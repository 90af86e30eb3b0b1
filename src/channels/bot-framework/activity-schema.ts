import { z } from 'zod';
import { assertBoundedField } from '../../server';

/**
 * Bounds of the fields a channel may send beyond the text. Teams' own channelData (tenant, team,
 * channel, notification settings) and its HTML copy of a message fit well inside them.
 */
export const CHANNEL_FIELD_LIMITS = {
  channelData: { bytes: 16 * 1024, depth: 10 },
  value: { bytes: 16 * 1024, depth: 10 },
  entities: { count: 32, bytes: 16 * 1024, depth: 8 },
  attachments: { count: 16, bytes: 64 * 1024, depth: 16 },
} as const;

/**
 * The least an activity must have before the SDK sees it. The SDK's own checks answer with
 * internal text, so malformed input is refused here with a stable error instead.
 */
export const incomingActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    channelId: z.string().min(1).max(128),
    serviceUrl: z.url().max(2048),
    conversation: z.object({ id: z.string().min(1).max(512) }).loose(),
    from: z
      .object({ id: z.string().min(1).max(512) })
      .loose()
      .optional(),
    recipient: z
      .object({ id: z.string().min(1).max(512) })
      .loose()
      .optional(),
    text: z.string().max(100_000).optional(),
    entities: z.array(z.unknown()).max(CHANNEL_FIELD_LIMITS.entities.count).optional(),
    attachments: z.array(z.unknown()).max(CHANNEL_FIELD_LIMITS.attachments.count).optional(),
  })
  .loose();

export type IncomingActivity = z.infer<typeof incomingActivitySchema>;

/** Refuses an activity whose extra fields are too big (413) or nested too deeply (400). */
export function assertBoundedActivityFields(activity: IncomingActivity): void {
  for (const field of ['channelData', 'value', 'entities', 'attachments'] as const) {
    assertBoundedField(field, activity[field], CHANNEL_FIELD_LIMITS[field]);
  }
}
