import type {
  Detector,
  RedactionFinding,
  RedactionPolicy,
  RedactionResult,
  Redactor,
  SecretKind,
} from './types';
import { SECRET_KINDS } from './types';
import { DEFAULT_PRIVACY_DIR, loadWordLists } from './word-lists';
import { loadPrivacyMessages, markerFor } from './messages';
import { passwordDetector } from './detectors/passwords';
import { genericKeyDetector, knownFormatDetector, privateKeyDetector } from './detectors/keys';
import { connectionStringDetector } from './detectors/connection-strings';
import { cardDetector } from './detectors/cards';
import { ibanDetector } from './detectors/ibans';
import { redactValue } from './activity';

/** When two overlapping findings are the same length, the more specific one names the merged span. */
const PRIORITY: Record<SecretKind, number> = {
  'private-key': 7,
  'connection-string': 6,
  'api-key': 5,
  token: 4,
  'card-number': 3,
  iban: 2,
  password: 1,
};

export function defaultPolicy(): RedactionPolicy {
  return {
    kinds: Object.fromEntries(SECRET_KINDS.map((k) => [k, true])) as Record<SecretKind, boolean>,
    markerLanguage: 'en',
    markers: {},
    requireKnownCardIssuer: true,
    minGenericSecretLength: 32,
    allow: [],
    contentDir: DEFAULT_PRIVACY_DIR,
  };
}

export function createRedactor(overrides: Partial<RedactionPolicy> = {}): Redactor {
  const base = defaultPolicy();
  const policy: RedactionPolicy = { ...base, ...overrides, kinds: { ...base.kinds, ...overrides.kinds } };
  const lists = loadWordLists(policy.contentDir);
  const messages = loadPrivacyMessages(policy.contentDir);
  const markers = Object.fromEntries(
    SECRET_KINDS.map((k) => [k, policy.markers[k] ?? markerFor(k, policy.markerLanguage, messages)]),
  ) as Record<SecretKind, string>;
  const detectors: Detector[] = [
    privateKeyDetector(),
    connectionStringDetector(),
    knownFormatDetector(),
    genericKeyDetector(lists, policy.minGenericSecretLength),
    cardDetector(policy.requireKnownCardIssuer),
    ibanDetector(),
    passwordDetector(lists),
  ];
  const allow = new Set(policy.allow);

  const redact = (text: string): RedactionResult => {
    if (typeof text !== 'string' || text.length === 0) return { text, findings: [] };
    const raw = detectors
      .flatMap((detect) => detect(text))
      .filter((f) => policy.kinds[f.kind] && f.end > f.start && !allow.has(text.slice(f.start, f.end)));
    const findings = mergeOverlapping(raw);
    return { text: applyMarkers(text, findings, markers), findings };
  };

  return {
    redact,
    redactActivity(activity) {
      const findings: RedactionFinding[] = [];
      const copy = { ...activity };
      for (const field of ['text', 'value', 'attachments'] as const) {
        if (activity[field] === undefined) continue;
        (copy as Record<string, unknown>)[field] = redactValue(activity[field], redact, findings);
      }
      return { activity: copy, findings };
    },
  };
}

/**
 * Sorted, non-overlapping findings. Overlapping ones become one span named after the longer
 * finding (card digits inside an IBAN are the IBAN), or the higher-priority kind on a tie.
 */
export function mergeOverlapping(findings: RedactionFinding[]): RedactionFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: RedactionFinding[] = [];
  for (const f of sorted) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) {
      const lastLength = last.end - last.start;
      const length = f.end - f.start;
      if (length > lastLength || (length === lastLength && PRIORITY[f.kind] > PRIORITY[last.kind])) {
        last.kind = f.kind;
      }
      last.end = Math.max(last.end, f.end);
    } else {
      merged.push({ ...f });
    }
  }
  return merged;
}

function applyMarkers(
  text: string,
  findings: RedactionFinding[],
  markers: Record<SecretKind, string>,
): string {
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + markers[f.kind];
    at = f.end;
  }
  return out + text.slice(at);
}
