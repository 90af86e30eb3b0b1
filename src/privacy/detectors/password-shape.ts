import { type WordLists, normaliseWord } from '../word-lists';

/** Shape tests shared by the detectors that read a password next to a keyword. */
export function isOrdinaryWord(value: string, lists: WordLists): boolean {
  if (!/^\p{L}+(?:['’-]\p{L}+)*$/u.test(value)) return false;
  const word = normaliseWord(value);
  if (lists.common.has(word)) return true;
  if (value !== value.toLowerCase() || word.length < 5) return false;
  return lists.ordinarySuffixes.some((suffix) => word.endsWith(suffix));
}

export function describe(value: string): {
  letter: boolean;
  digit: boolean;
  symbol: boolean;
  innerUpper: boolean;
} {
  return {
    letter: /\p{L}/u.test(value),
    digit: /\p{N}/u.test(value),
    symbol: /[^\p{L}\p{N}'’-]/u.test(value),
    innerUpper: /\p{Ll}/u.test(value) && /\p{Lu}/u.test(value.slice(1)),
  };
}

/** Values that follow "password" in complaints but are never passwords themselves. */
export function isBenignShape(value: string): boolean {
  return (
    value.includes('://') ||
    /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(value) ||
    /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(value) ||
    /^\.{2,}$|^\*+$/.test(value)
  );
}
