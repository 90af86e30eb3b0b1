import { newStemmer } from 'snowball-stemmers';
import type { Lang } from '../../i18n/languages';
import { stemPolish } from './polish-stemmer';
import { stemRomanian } from './romanian-stemmer';

type StemFn = (word: string) => string;

function snowball(algorithm: string): StemFn {
  const stemmer = newStemmer(algorithm);
  return (word) => stemmer.stem(word);
}

const germanSnowball = snowball('german');

/**
 * Feminine forms of German person nouns stem apart from the masculine in Snowball ("Kollegin"
 * kollegin, "Kollege" kolleg): "-in"/"-innen" comes off after the endings that make such nouns
 * (Mitarbeiterin, Assistentin, Kollegin, Chefin, Kundin), not after others ("Termin", "Login").
 */
const FEMININE = /(er|ant|ent|eg|ef|und)in(nen)?$/;

function stemGerman(word: string): string {
  const feminine = FEMININE.exec(word);
  const base =
    feminine && feminine.index >= 1 ? word.slice(0, feminine.index + (feminine[1]?.length ?? 0)) : word;
  return germanSnowball(base);
}

const STEMMERS: Record<Lang, StemFn> = {
  en: snowball('english'),
  de: stemGerman,
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
  // Digits and very short words carry no inflection worth removing: answered without the cache,
  // which would only fill up with the numbers users type.
  if (word.length < 4 || /\d/.test(word)) return word;
  const cache = caches[lang];
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const result = STEMMERS[lang](word);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(word, result);
  return result;
}
