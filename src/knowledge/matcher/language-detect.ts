import { detectAll } from 'tinyld';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import { cleanText, foldDiacritics, tokenize } from './normalize';
import { stopWordsOf, type StopWords } from './stop-words';

// Letters that only one of our languages uses.
const SCRIPT_HINTS: Array<[Lang, RegExp]> = [
  ['pl', /[ąęłśźżćń]/g],
  ['ro', /[ășțâî]/g],
  ['de', /[äöüß]/g],
];
/** Below this many letters the statistical detector is guessing. */
const MIN_LETTERS_FOR_TINYLD = 12;
/** Evidence needed before overriding the user's remembered language. */
const MIN_EVIDENCE = 1.5;
const DETECT_CHARS = 500;
const TINYLD_CHARS = 200;
/**
 * Lead of the best language over every other beyond which tinyld (at most +3 for one language)
 * could change neither the winner nor the "clear evidence" test below (a lead of at least 1).
 */
const DECISIVE_LEAD = 4;

function decided(score: Record<Lang, number>): boolean {
  const sorted = Object.values(score).sort((a, b) => b - a);
  return (sorted[0] ?? 0) - (sorted[1] ?? 0) > DECISIVE_LEAD;
}

/** Which languages' documents use a (folded) word; lets the indexed content vote. */
export type Lexicon = (word: string) => readonly Lang[] | undefined;

function evidence(text: string, stopWords: StopWords, lexicon?: Lexicon): Record<Lang, number> {
  const score: Record<Lang, number> = { en: 0, de: 0, pl: 0, ro: 0 };
  const cleaned = cleanText(text, DETECT_CHARS);
  for (const [lang, pattern] of SCRIPT_HINTS)
    score[lang] += Math.min(3, (cleaned.match(pattern)?.length ?? 0) * 1.5);
  for (const word of tokenize(cleaned).words.map(foldDiacritics)) {
    for (const lang of LANGUAGES) if (stopWords.has(word, lang)) score[lang] += 1;
    const users = lexicon?.(word);
    // A word only one language's documents use is good evidence; a shared one is none.
    if (users?.length === 1 && users[0] !== undefined) score[users[0]] += 1;
  }
  const letters = cleaned.replace(/[^\p{L}]/gu, '').length;
  // The statistical detector is the slowest part of matching; ask it only when the cheap
  // evidence (script letters, function words, indexed vocabulary) leaves the question open.
  if (letters >= MIN_LETTERS_FOR_TINYLD && !decided(score)) {
    for (const guess of detectAll(cleaned.slice(0, TINYLD_CHARS), { only: [...LANGUAGES] })) {
      const lang = guess.lang as Lang;
      if (lang in score) score[lang] += 3 * guess.accuracy;
    }
  }
  return score;
}

/**
 * The language of a question, restricted to the supported ones. Short or mixed messages
 * ("vpn?", "ok danke") keep the user's remembered language unless the evidence is clear.
 * Function words count as evidence: `stopWords` of the content (the shipped ones by default).
 */
export function detectLanguage(
  text: string,
  fallback: Lang,
  lexicon?: Lexicon,
  stopWords: StopWords = stopWordsOf(),
): Lang {
  let score: Record<Lang, number>;
  try {
    score = evidence(text, stopWords, lexicon);
  } catch {
    return fallback;
  }
  let best: Lang = fallback;
  for (const lang of LANGUAGES) if (score[lang] > score[best]) best = lang;
  // The fallback wins ties and near-ties: switching language mid-conversation needs clear evidence.
  if (score[best] < MIN_EVIDENCE || score[best] - score[fallback] < 1) return fallback;
  return best;
}
