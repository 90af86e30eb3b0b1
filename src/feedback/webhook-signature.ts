import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a feedback webhook POST (docs/feedback-routing.md shows a receiver checking them). */
export const SIGNATURE_HEADER = 'x-firstline-signature';
export const TIMESTAMP_HEADER = 'x-firstline-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * `sha256=<hex>`: HMAC-SHA256 with the team's secret over `<timestamp>.<body>`. The timestamp
 * (seconds since the epoch) is signed with the body so a captured request cannot be replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * True when `signature` is ours for this body and timestamp and the timestamp is within
 * `toleranceSeconds` of `now`: what a receiver checks before trusting a delivery.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!input.signature || !Number.isInteger(timestamp)) return false;
  const age = Math.abs(input.now.getTime() / 1000 - timestamp);
  if (age > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
