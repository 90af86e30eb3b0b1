import type { Catalogue } from '../i18n/catalogue';
import type { Lang } from '../i18n/languages';
import { SECRET_KINDS, type RedactionFinding, type SecretKind } from './types';
import type { WordLists } from './word-lists';

/**
 * Markers and user notices (content/privacy/messages/<lang>.yaml, a message catalogue like the
 * UI strings), every key in every language. The content loader checks the keys below exist.
 */
export type PrivacyMessages = Catalogue;

/** What the redactor needs from CONTENT_DIR/privacy, loaded by the content loader. */
export interface PrivacyContent {
  wordLists: WordLists;
  messages: PrivacyMessages;
}

/** Keys the redactor and the notices use. */
export const PRIVACY_MESSAGE_KEYS: readonly string[] = [
  ...SECRET_KINDS.map((kind) => `marker.${kind}`),
  ...['password', 'key', 'card-number', 'iban', 'several'].map((name) => `notice.${name}`),
];

export function markerFor(kind: SecretKind, lang: Lang, messages: PrivacyMessages): string {
  return messages.t(lang, `marker.${kind}`);
}

/** E-mail addresses and phone numbers are removed by policy and need no action from the user. */
const NOTICE_BY_KIND: Partial<Record<SecretKind, string>> = {
  password: 'notice.password',
  'api-key': 'notice.key',
  token: 'notice.key',
  'private-key': 'notice.key',
  'connection-string': 'notice.password',
  'card-number': 'notice.card-number',
  iban: 'notice.iban',
};

/**
 * What to tell the user after secrets were removed from their message, in their language;
 * undefined when nothing was removed. Different kinds of secret share one combined notice.
 */
export function redactionNotice(
  findings: readonly Pick<RedactionFinding, 'kind'>[],
  lang: Lang,
  messages: PrivacyMessages,
): string | undefined {
  const keys = new Set(findings.flatMap((f) => NOTICE_BY_KIND[f.kind] ?? []));
  if (keys.size === 0) return undefined;
  const key = keys.size === 1 ? [...keys][0]! : 'notice.several';
  return messages.t(lang, key);
}
