import type { RedactionFinding } from './types';
import { matchesOf } from './matches';

/** Ids and addresses whose digits are never a card, IBAN or phone number. */
const PROTECTED = [
  // GUIDs: "…-3333-4444-555555555555" holds a Luhn-valid run more often than one would think.
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  // A URL up to its query: path segments are ids. Query values stay scanned (?card=4111...).
  /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s?#"'<>]+/gi,
];

/** True when the finding lies within a GUID or a URL's scheme, host and path. */
export function insideProtectedSpan(text: string, finding: RedactionFinding): boolean {
  for (const pattern of PROTECTED) {
    for (const m of matchesOf(text, pattern)) {
      if (m.index > finding.start) break;
      if (finding.end <= m.index + m[0].length) return true;
    }
  }
  return false;
}
