import type { RedactionFinding, RedactionResult } from './types';

const MAX_DEPTH = 32;

/**
 * A copy of `value` with every string redacted: card submissions (`value`), attachment
 * content (Teams sends the message again as HTML) and any nesting of arrays and objects.
 * Findings are appended to `findings`; their offsets refer to the string they were found in.
 */
export function redactValue(
  value: unknown,
  redact: (text: string) => RedactionResult,
  findings: RedactionFinding[],
  depth = 0,
  copies: WeakMap<object, unknown> = new WeakMap(),
): unknown {
  if (typeof value === 'string') {
    const result = redact(value);
    findings.push(...result.findings);
    return result.findings.length > 0 ? result.text : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  // Too deep to be a chat payload: drop it rather than let an unredacted string through.
  if (depth > MAX_DEPTH) return undefined;
  // A cycle points at the copy being built, never back at the unredacted original.
  if (copies.has(value)) return copies.get(value);
  if (Array.isArray(value)) {
    const array: unknown[] = [];
    copies.set(value, array);
    for (const item of value) array.push(redactValue(item, redact, findings, depth + 1, copies));
    return array;
  }
  const copy: Record<string, unknown> = {};
  copies.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    copy[key] = redactValue(item, redact, findings, depth + 1, copies);
  }
  return copy;
}

/**
 * Activity fields that route or describe the activity rather than carry what someone wrote.
 * Everything else (text, speak, summary, value, channelData, attachments, suggestedActions,
 * entities, semanticAction, ...) is redacted, so a field added by a channel tomorrow is covered too.
 */
const ROUTING_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'id',
  'timestamp',
  'localTimestamp',
  'localTimezone',
  'serviceUrl',
  'channelId',
  'from',
  'recipient',
  'conversation',
  'replyToId',
  'locale',
  'textFormat',
  'inputHint',
  'attachmentLayout',
  'deliveryMode',
  'callerId',
  'valueType',
  'importance',
  'expiration',
]);

/** A copy of the activity with every text-carrying field redacted; the same object when nothing was found. */
export function redactActivityFields<T extends object>(
  activity: T,
  redact: (text: string) => RedactionResult,
  findings: RedactionFinding[],
): T {
  const before = findings.length;
  const copy: Record<string, unknown> = { ...(activity as Record<string, unknown>) };
  for (const [key, value] of Object.entries(activity as Record<string, unknown>)) {
    if (ROUTING_FIELDS.has(key) || value === undefined) continue;
    copy[key] =
      key === 'attachments'
        ? redactAttachments(value, redact, findings)
        : redactValue(value, redact, findings);
  }
  return findings.length > before ? (copy as T) : activity;
}

/** File bytes inlined as data: URLs are not text anyone typed; names, cards and content are. */
function redactAttachments(
  attachments: unknown,
  redact: (text: string) => RedactionResult,
  findings: RedactionFinding[],
): unknown {
  if (!Array.isArray(attachments)) return redactValue(attachments, redact, findings);
  return attachments.map((attachment: unknown) => {
    if (attachment === null || typeof attachment !== 'object')
      return redactValue(attachment, redact, findings);
    const { contentUrl, ...rest } = attachment as Record<string, unknown>;
    const clean = redactValue(rest, redact, findings) as Record<string, unknown>;
    if (contentUrl === undefined) return clean;
    const inline = typeof contentUrl === 'string' && contentUrl.startsWith('data:');
    return { ...clean, contentUrl: inline ? contentUrl : redactValue(contentUrl, redact, findings) };
  });
}
