import { detectAll } from 'tinyld';
import { LANGUAGES, isLang, type Lang } from './languages';

// Below this many letters a detector guesses more than it knows, so the remembered language wins.
const MIN_LETTERS = 12;
const MIN_WORDS = 2;
const MIN_ACCURACY = 0.05;

/**
 * The language of a message among those FirstLine speaks, or `fallback` (the user's remembered
 * language) when the text is too short or too mixed to tell.
 */
export function detectLanguage(text: string, fallback: Lang): Lang {
  const sample = text.slice(0, 2000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  const words = sample.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  if (letters < MIN_LETTERS || words < MIN_WORDS) return fallback;
  const [best, second] = detectAll(sample, { only: [...LANGUAGES] });
  if (!best || !isLang(best.lang) || best.accuracy < MIN_ACCURACY) return fallback;
  // A near tie means mixed text; keep what the user already speaks if it is one of the two.
  if (second && second.accuracy > best.accuracy * 0.8 && second.lang === fallback) return fallback;
  return best.lang;
}
