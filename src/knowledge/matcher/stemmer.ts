import { newStemmer } from 'snowball-stemmers';
import type { Lang } from '../../i18n/languages';
import { stemPolish } from './polish-stemmer';
import { stemRomanian } from './romanian-stemmer';

type StemFn = (word: string) => string;

function snowball(algorithm: string): StemFn {
  const stemmer = newStemmer(algorithm);
  return (word) => stemmer.stem(word);
}

const STEMMERS: Record<Lang, StemFn> = {
  en: snowball('english'),
  de: snowball('german'),
  ro: stemRomanian,
  pl: stemPolish,
};

// Stemming dominates analysis time; chat vocabularies are small, so a bounded cache pays off.
const MAX_CACHE = 200_000;
const caches: Record<Lang, Map<string, string>> = {
  en: new Map(),
  de: new Map(),
  pl: new Map(),
  ro: new Map(),
};

/**
 * Stem a lower-case, diacritic-folded word. Folding happens before stemming on purpose: users
 * type "parola" and "parolă", "Kennwort aendern" and "ändern"; both must reach the same stem.
 */
export function stem(word: string, lang: Lang): string {
  const cache = caches[lang];
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  // Digits and very short words carry no inflection worth removing.
  const result = word.length < 4 || /\d/.test(word) ? word : STEMMERS[lang](word);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(word, result);
  return result;
}
