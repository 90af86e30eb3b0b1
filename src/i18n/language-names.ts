import { shippedWordLists, type WordLists } from '../words';
import { LANGUAGES, type Lang } from './languages';

export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .trim();
}

interface LanguageSwitch {
  names: ReadonlyArray<readonly [Lang, string[]]>;
  /** Polite words around a name ("english please"), every language's. */
  filler: ReadonlySet<string>;
  /** "language:", "sprache =", "/lang" before a name or code. */
  prefix: RegExp;
}

const switches = new WeakMap<WordLists, LanguageSwitch>();

/** Names a user may write to switch language ("Deutsch", "language: pl", "po polsku"): content/words, `language`. */
function languageSwitch(lists: WordLists): LanguageSwitch {
  let prepared = switches.get(lists);
  if (prepared) return prepared;
  const names = LANGUAGES.map((lang) => [lang, lists[lang]?.language.names ?? []] as const);
  // Longest first, so "language" is not read as "lang" + "uage".
  const prefixes = Object.values(lists)
    .flatMap((l) => l.language.prefixes)
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const prefix =
    prefixes.length > 0 ? new RegExp(`^(?:\\/?(?:${prefixes.join('|')})\\s*[:=]?\\s*)`) : /^(?!)/;
  const filler = new Set(Object.values(lists).flatMap((l) => l.language.filler));
  prepared = { names, prefix, filler };
  switches.set(lists, prepared);
  return prepared;
}

/**
 * The language a message asks to switch to, if the whole message is such a request. Matching
 * ignores case and diacritics. `lists` are the content's word lists; the shipped ones by default.
 */
export function requestedLanguage(text: string, lists: WordLists = shippedWordLists()): Lang | undefined {
  const { names: byLanguage, prefix, filler } = languageSwitch(lists);
  const folded = foldText(text).replace(/[.!?]+$/, '');
  const hasPrefix = prefix.test(folded);
  const name = folded.replace(prefix, '').trim();
  // "english please", "can we speak german?": the name with polite words around it.
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (const [lang, names] of byLanguage) {
    // Two-letter codes only count after an explicit "language:" so "de" or "ro" in chat is not a switch.
    if (names.some((n) => n === name && (n.length > 2 || hasPrefix))) return lang;
  }
  for (const [lang, names] of byLanguage) {
    for (const n of names.filter((n) => n.length > 2)) {
      const at = indexOfWords(words, n.split(' '));
      if (at < 0) continue;
      const rest = [...words.slice(0, at), ...words.slice(at + n.split(' ').length)];
      if (rest.length > 0 && rest.every((w) => filler.has(w))) return lang;
    }
  }
  return undefined;
}

/**
 * Whether the message names `lang` ("can we continue in English from now on", "auf Deutsch"):
 * one of the names a user may write to switch to it, code aside, anywhere in the message.
 */
export function namesLanguage(text: string, lang: Lang, lists: WordLists = shippedWordLists()): boolean {
  const names = languageSwitch(lists).names.find(([l]) => l === lang)?.[1] ?? [];
  const words = foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return names.some((n) => n.length > 2 && indexOfWords(words, n.split(' ')) >= 0);
}

function indexOfWords(words: readonly string[], phrase: readonly string[]): number {
  for (let at = 0; at + phrase.length <= words.length; at += 1)
    if (phrase.every((p, i) => words[at + i] === p)) return at;
  return -1;
}
