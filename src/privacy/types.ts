import type { PrivacyContent } from './messages';
import type { Lang } from '../i18n/languages';

export const SECRET_KINDS = [
  'password',
  'api-key',
  'token',
  'card-number',
  'iban',
  'private-key',
  'connection-string',
  // Personal data rather than secrets: only removed when the policy turns them on.
  'email-address',
  'phone-number',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** Where a secret was in the original text (UTF-16 offsets, end exclusive). */
export interface RedactionFinding {
  kind: SecretKind;
  start: number;
  end: number;
}

export interface RedactionResult {
  /** The text with every secret replaced by its marker. */
  text: string;
  /** Positions refer to the text before redaction, sorted, never overlapping. */
  findings: RedactionFinding[];
}

export interface RedactionPolicy {
  /** Which kinds are looked for; every secret kind is on by default, e-mail and phone are off. */
  kinds: Record<SecretKind, boolean>;
  /** Language of the markers put in place of secrets; English unless set. */
  markerLanguage: Lang;
  /** Replacement text per kind, overriding the marker table. */
  markers: Partial<Record<SecretKind, string>>;
  /** Card numbers must start with a known issuer prefix and have that network's length. */
  requireKnownCardIssuer: boolean;
  /** Minimum length of an unrecognised high-entropy string after "key"/"token"/"secret". */
  minGenericSecretLength: number;
  /** Exact strings never redacted (e.g. a published test card number used in training). */
  allow: string[];
}

export interface Redactor {
  /** The word lists and messages it was built from (the split-message rule and notices read them too). */
  readonly content: PrivacyContent;
  redact(text: string): RedactionResult;
  /** The text put in place of a secret of this kind. */
  marker(kind: SecretKind): string;
  /** Every text-carrying field of an activity (all but routing fields); the same object when clean. */
  redactActivity<T extends object>(activity: T): { activity: T; findings: RedactionFinding[] };
}

/** What a detector reports before overlapping findings are merged. */
export type Detector = (text: string) => RedactionFinding[];
