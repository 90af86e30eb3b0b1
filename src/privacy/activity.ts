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
