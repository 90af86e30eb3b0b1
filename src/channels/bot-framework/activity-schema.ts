import { z } from 'zod';

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
  })
  .loose();

export type IncomingActivity = z.infer<typeof incomingActivitySchema>;
