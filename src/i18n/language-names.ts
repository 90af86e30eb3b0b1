import type { Lang } from './languages';

/**
 * Names a user may write to switch language ("Deutsch", "language: pl", "po polsku").
 * Matching ignores case and diacritics.
 */
const NAMES: Record<Lang, string[]> = {
  en: ['english', 'englisch', 'angielski', 'po angielsku', 'engleza', 'in engleza', 'en'],
  de: ['deutsch', 'german', 'auf deutsch', 'niemiecki', 'po niemiecku', 'germana', 'in germana', 'de'],
  pl: ['polski', 'polish', 'po polsku', 'polnisch', 'poloneza', 'in poloneza', 'pl'],
  ro: ['romana', 'romanian', 'in romana', 'rumanisch', 'rumunski', 'po rumunsku', 'ro'],
};
const PREFIX = /^(?:\/?(?:language|lang|sprache|jezyk|limba)\s*[:=]?\s*)/;

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .trim();
}

/** The language a message asks to switch to, if the whole message is such a request. */
export function requestedLanguage(text: string): Lang | undefined {
  const folded = foldText(text).replace(/[.!?]+$/, '');
  const hasPrefix = PREFIX.test(folded);
  const name = folded.replace(PREFIX, '').trim();
  for (const [lang, names] of Object.entries(NAMES) as [Lang, string[]][]) {
    // Two-letter codes only count after an explicit "language:" so "de" or "ro" in chat is not a switch.
    if (names.some((n) => n === name && (n.length > 2 || hasPrefix))) return lang;
  }
  return undefined;
}
