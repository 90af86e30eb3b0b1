import path from 'node:path';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../i18n/languages';
import type { RedactionFinding, SecretKind } from './types';
import { DEFAULT_PRIVACY_DIR, readYaml } from './word-lists';

export const privacyMessagesSchema = z.record(
  z.string().min(1),
  z.object(Object.fromEntries(LANGUAGES.map((l) => [l, z.string().min(1)]))),
);
export type PrivacyMessages = Record<string, Record<Lang, string>>;

const cache = new Map<string, PrivacyMessages>();

/** Markers and user notices from `content/privacy/messages.yaml`, every key in every language. */
export function loadPrivacyMessages(dir: string = DEFAULT_PRIVACY_DIR): PrivacyMessages {
  const cached = cache.get(dir);
  if (cached) return cached;
  const messages = privacyMessagesSchema.parse(readYaml(path.join(dir, 'messages.yaml'))) as PrivacyMessages;
  cache.set(dir, messages);
  return messages;
}

export function markerFor(kind: SecretKind, lang: Lang, messages: PrivacyMessages): string {
  const entry = messages[`marker.${kind}`];
  if (!entry) throw new Error(`content/privacy/messages.yaml has no marker.${kind}`);
  return entry[lang];
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
  messages: PrivacyMessages = loadPrivacyMessages(),
): string | undefined {
  const keys = new Set(findings.flatMap((f) => NOTICE_BY_KIND[f.kind] ?? []));
  if (keys.size === 0) return undefined;
  const key = keys.size === 1 ? [...keys][0]! : 'notice.several';
  const entry = messages[key];
  if (!entry) throw new Error(`content/privacy/messages.yaml has no ${key}`);
  return entry[lang];
}
