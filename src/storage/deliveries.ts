import type { Delivery, IdempotencyStore } from './ports';

/** How long a delivered activity is remembered: channels retry within minutes, a day is plenty. */
export const DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The one idempotency mechanism of incoming activities, used by every channel at its door: the
 * Direct Line post (by the client's activity id, before the activity is stored) and
 * `/api/messages` (by the channel's activity id, once the request is authenticated). The first
 * delivery processes the activity and finishes it; a retry while it runs or after it finished is
 * not processed again, on whichever instance it arrives; one whose first attempt died with its
 * process (the lease ran out unfinished) is processed once more, as a rerun.
 */
export function beginDelivery(
  store: IdempotencyStore,
  delivered: { channelId: string; conversationId: string; deliveryId: string },
  leaseMs: number,
): Promise<Delivery> {
  const { channelId, conversationId, deliveryId } = delivered;
  return store.begin(`activity:${channelId}:${conversationId}:${deliveryId}`, leaseMs, DELIVERY_TTL_MS);
}

/**
 * Deliveries of a channel whose process died mid-turn (their lease ran out unfinished after
 * `since`), for channels whose conversation ids contain no colon (Direct Line's): the key's
 * conversation id runs to the first colon after the channel's prefix.
 */
export async function stalledDeliveries(
  store: IdempotencyStore,
  channelId: string,
  window: { since: number; now: number; limit: number },
): Promise<{ conversationId: string; deliveryId: string }[]> {
  const prefix = `activity:${channelId}:`;
  const keys = await store.stalled(prefix, window.since, window.now, window.limit);
  return keys.flatMap((key) => {
    const rest = key.slice(prefix.length);
    const colon = rest.indexOf(':');
    return colon > 0 ? [{ conversationId: rest.slice(0, colon), deliveryId: rest.slice(colon + 1) }] : [];
  });
}
