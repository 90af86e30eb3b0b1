import type {
  Detector,
  RedactionFinding,
  RedactionPolicy,
  RedactionResult,
  Redactor,
  SecretKind,
} from './types';
import { SECRET_KINDS } from './types';
import { markerFor, type PrivacyContent } from './messages';
import { passwordDetector } from './detectors/passwords';
import { valueFirstPasswordDetector } from './detectors/password-before';
import { emailDetector, phoneDetector } from './detectors/contacts';
import { insideProtectedSpan } from './protected-spans';
import { genericKeyDetector, knownFormatDetector, privateKeyDetector } from './detectors/keys';
import { connectionStringDetector } from './detectors/connection-strings';
import { cardDetector } from './detectors/cards';
import { ibanDetector } from './detectors/ibans';
import { redactActivityFields } from './activity';

/** When two overlapping findings are the same length, the more specific one names the merged span. */
const PRIORITY: Record<SecretKind, number> = {
  'private-key': 7,
  'connection-string': 6,
  'api-key': 5,
  token: 4,
  'card-number': 3,
  iban: 2,
  password: 1,
  'email-address': 0,
  'phone-number': 0,
};

/** Personal data, not secrets: removed only when the policy (PRIVACY_REDACT_*) asks for it. */
const OFF_BY_DEFAULT: ReadonlySet<SecretKind> = new Set(['email-address', 'phone-number']);
/**
 * Kinds never read out of GUIDs and URL paths: digit runs there are ids, and "account.example.com/x"
 * is a host and a path, not a "user / password" pair. Keys and tokens in URLs are still found.
 */
const NOT_IN_IDS: ReadonlySet<SecretKind> = new Set(['card-number', 'iban', 'phone-number', 'password']);

export function defaultPolicy(): RedactionPolicy {
  return {
    kinds: Object.fromEntries(SECRET_KINDS.map((k) => [k, !OFF_BY_DEFAULT.has(k)])) as Record<
      SecretKind,
      boolean
    >,
    markerLanguage: 'en',
    markers: {},
    requireKnownCardIssuer: true,
    minGenericSecretLength: 32,
    allow: [],
  };
}

/** Secrets are always removed; e-mail addresses and phone numbers when the settings say so. */
export function personalDataPolicy(settings: {
  emailAddresses: boolean;
  phoneNumbers: boolean;
}): RedactionOverrides & { kinds: Partial<Record<SecretKind, boolean>> } {
  return {
    kinds: { 'email-address': settings.emailAddresses, 'phone-number': settings.phoneNumbers },
  };
}

/** Policy settings to change; kinds not named keep their default. */
export type RedactionOverrides = Partial<Omit<RedactionPolicy, 'kinds'>> & {
  kinds?: Partial<Record<SecretKind, boolean>>;
};

export interface RedactorOptions {
  /**
   * Remembers up to this many texts (of at most REMEMBERED_TEXT_CHARS) in which nothing was found,
   * so that they are not searched again: for what the bot sends, whose cards and prompts come from
   * content and repeat turn after turn. Off by default: a user's words are not kept here.
   */
  rememberClean?: number;
}

/** Longer texts are searched every time: a cache of them would hold too much. */
const REMEMBERED_TEXT_CHARS = 2000;

/** A redactor over CONTENT_DIR/privacy (word lists and markers, from the content loader). */
export function createRedactor(
  content: PrivacyContent,
  overrides: RedactionOverrides = {},
  options: RedactorOptions = {},
): Redactor {
  const base = defaultPolicy();
  const policy: RedactionPolicy = { ...base, ...overrides, kinds: { ...base.kinds, ...overrides.kinds } };
  const { wordLists: lists, messages } = content;
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
    valueFirstPasswordDetector(lists),
    emailDetector(),
    phoneDetector(),
  ];
  const allow = new Set(policy.allow);

  const markerList = [...new Set(Object.values(markers))];

  const clean = new Set<string>();
  const limit = options.rememberClean ?? 0;
  const remember = (text: string) => {
    if (limit === 0 || text.length > REMEMBERED_TEXT_CHARS) return;
    clean.add(text);
    if (clean.size > limit) clean.delete(clean.values().next().value!);
  };

  const redact = (text: string): RedactionResult => {
    if (typeof text !== 'string' || text.length === 0 || clean.has(text)) return { text, findings: [] };
    const result = search(text);
    if (result.findings.length === 0) remember(text);
    return result;
  };

  const search = (text: string): RedactionResult => {
    // Text runs through the pipeline more than once (boundary, middleware, logs): a marker stays as it is.
    const kept = markerSpans(text, markerList);
    const raw = detectors
      .flatMap((detect) => detect(text))
      .filter((f) => !kept.some((k) => f.start < k.end && f.end > k.start))
      .filter((f) => policy.kinds[f.kind] && f.end > f.start && !allow.has(text.slice(f.start, f.end)))
      .filter((f) => !NOT_IN_IDS.has(f.kind) || !insideProtectedSpan(text, f));
    const findings = mergeOverlapping(raw);
    return { text: applyMarkers(text, findings, markers), findings };
  };

  return {
    content,
    redact,
    marker: (kind) => markers[kind],
    redactActivity(activity) {
      const findings: RedactionFinding[] = [];
      return { activity: redactActivityFields(activity, redact, findings), findings };
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

function markerSpans(text: string, markers: string[]): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (const marker of markers) {
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
      spans.push({ start: at, end: at + marker.length });
    }
  }
  return spans;
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
