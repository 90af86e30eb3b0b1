import { SECRET_KINDS } from './types';
import { loadWordLists } from './word-lists';
import { loadPrivacyMessages } from './messages';

/**
 * Problems in content/privacy (keywords.yaml, common-words.yaml, messages.yaml): schema errors,
 * a missing marker or notice. Empty when the redactor can start on this folder.
 */
export function checkPrivacyContent(dir: string): string[] {
  const problems: string[] = [];
  try {
    loadWordLists(dir);
  } catch (err) {
    problems.push(`keywords.yaml / common-words.yaml: ${(err as Error).message}`);
  }
  try {
    const messages = loadPrivacyMessages(dir);
    const needed = [
      ...SECRET_KINDS.map((k) => `marker.${k}`),
      ...['password', 'key', 'card-number', 'iban', 'several'].map((n) => `notice.${n}`),
    ];
    for (const key of needed) if (!messages[key]) problems.push(`messages.yaml has no ${key}`);
  } catch (err) {
    problems.push(`messages.yaml: ${(err as Error).message}`);
  }
  return problems;
}
