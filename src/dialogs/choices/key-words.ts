import { foldText } from '../../i18n/language-names';
import type { ChoiceOption } from './choice-types';
import type { ChoiceVocabulary } from './vocabulary';

/**
 * One word of an author's phrase: `prefix` when written with a trailing `*` ("hasł*"), `gap` for
 * a `*` on its own, which stands for up to three other words ("asking * password").
 */
export interface PhraseWord {
  word: string;
  prefix: boolean;
  gap?: boolean;
}

const MAX_GAP = 3;

/** Folded words of a phrase as authors write them: "won't open", "hasł*", "asking * password". */
export function phraseWords(phrase: string): PhraseWord[] {
  return foldText(phrase)
    .replace(/['’`-]/g, '')
    .split(/[^\p{L}\p{N}*]+/u)
    .filter((w) => w.length > 0)
    .map((w) =>
      /^\*+$/.test(w)
        ? { word: '', prefix: false, gap: true }
        : { word: w.replace(/\*+$/, ''), prefix: w.endsWith('*') },
    )
    .filter((w) => w.gap === true || (w.word.length > 0 && !w.word.includes('*')));
}

/** Whether a user's word is the phrase word: equal, or starting with it for `word*`. */
export function wordMatches(userWord: string, phraseWord: PhraseWord): boolean {
  return phraseWord.prefix ? userWord.startsWith(phraseWord.word) : userWord === phraseWord.word;
}

/** The phrase's words occur in `words` one after the other (a `*` gap allowing a few between). */
export function containsPhrase(words: readonly string[], phrase: readonly PhraseWord[]): boolean {
  const first = phrase.findIndex((w) => !w.gap);
  if (first < 0) return false;
  const rest = phrase.slice(first);
  return words.some((_, start) => matchesAt(words, start, rest));
}

function matchesAt(words: readonly string[], at: number, phrase: readonly PhraseWord[]): boolean {
  const [head, ...tail] = phrase;
  if (!head) return true;
  if (head.gap) {
    for (let skip = 0; skip <= MAX_GAP; skip++) if (matchesAt(words, at + skip, tail)) return true;
    return false;
  }
  const word = words[at];
  return word !== undefined && wordMatches(word, head) && matchesAt(words, at + 1, tail);
}

/** Words too short or too common to tell options apart ("od", "de", "the", "yes"). */
const MIN_KEY_WORD = 3;

/**
 * The option whose own key words the message uses: "nagle" or "suddenly" for "Suddenly, since
 * today". A key word belongs to one option only (words shared by options, like "since", tell
 * nothing and are ignored); the message may add at most as many other words as it has key words
 * (at least one), so a new problem that merely contains a key word is not taken as a pick.
 * `echo` are words the question itself uses, which answers often repeat ("slow since Monday"):
 * they do not count as other words.
 */
export function keyWordChoice(
  words: readonly string[],
  options: readonly ChoiceOption[],
  vocabulary: ChoiceVocabulary,
  echo: readonly string[] = [],
): string | undefined {
  const candidates = options.filter((o) => o.meaning === undefined);
  if (candidates.length === 0) return undefined;
  const keys = candidates.map((o) => keyWordsOf(o, vocabulary));
  const owners = new Map<string, number>();
  for (const set of keys) for (const key of set.keys()) owners.set(key, (owners.get(key) ?? 0) + 1);
  const echoed = new Set(echo);
  const scores = candidates.map(() => 0);
  let unmatched = 0;
  for (const word of vocabulary.contentWords(words)) {
    if (vocabulary.isAnswerWord(word)) continue;
    const hits = keys.map((set) => [...set.entries()].filter(([, key]) => keyMatches(word, key)));
    if (hits.every((h) => h.length === 0)) {
      if (!echoed.has(word)) unmatched += 1;
      continue;
    }
    const distinctive = hits.flatMap((h, i) => (h.some(([id]) => owners.get(id) === 1) ? [i] : []));
    const [only] = distinctive;
    if (distinctive.length === 1 && only !== undefined) scores[only] = (scores[only] ?? 0) + 1;
  }
  const best = Math.max(...scores);
  if (best === 0 || scores.filter((s) => s === best).length > 1) return undefined;
  if (unmatched > Math.max(1, best)) return undefined;
  return candidates[scores.indexOf(best)]?.value;
}

/** An option's key words by a stable id ("nagle", "hasl*"). */
function keyWordsOf(option: ChoiceOption, vocabulary: ChoiceVocabulary): Map<string, PhraseWord> {
  const keys = new Map<string, PhraseWord>();
  for (const text of [option.label, ...(option.synonyms ?? [])]) {
    for (const key of phraseWords(text)) {
      if (
        key.gap ||
        key.word.length < MIN_KEY_WORD ||
        vocabulary.isAnswerWord(key.word) ||
        /^\d+$/.test(key.word)
      )
        continue;
      keys.set(key.prefix ? `${key.word}*` : key.word, key);
    }
  }
  return keys;
}

function keyMatches(word: string, key: PhraseWord): boolean {
  return key.prefix ? word.startsWith(key.word) : similarWord(word, key.word);
}

/**
 * Same word, a typo of it, or the same stem with another ending ("wolniej"/"wolniejszy",
 * "update"/"updated"): inflected languages change endings more than they change stems.
 */
function similarWord(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common += 1;
  if (common >= 5 && common >= Math.max(a.length, b.length) - 4) return true;
  return editDistance(a, b, 2) <= (shorter >= 8 ? 2 : 1);
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * The option that what the user already wrote names, through the option's `mentions` phrases
 * ("keeps asking for my password"). Undefined when none or several options are named.
 */
export function mentionedChoice(
  texts: readonly string[],
  options: readonly ChoiceOption[],
): string | undefined {
  const messages = texts.map((t) =>
    foldText(t)
      .replace(/['’`-]/g, '')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
  const named = options.filter((o) =>
    (o.mentions ?? []).some((phrase) => {
      const words = phraseWords(phrase);
      return messages.some((m) => containsPhrase(m, words));
    }),
  );
  return named.length === 1 ? named[0]?.value : undefined;
}
