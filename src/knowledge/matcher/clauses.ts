import type { Lang } from '../../i18n/languages';
import { shippedWordLists, type WordLists } from '../../words';
import { cleanText, foldDiacritics, tokenize, type Tokens } from './normalize';
import { phrasesPattern } from './phrase-pattern';
import { stopWordsOf, type StopWords } from './stop-words';

/**
 * Weight of the words of a clause saying what still works ("wifi works fine", "in Teams geht
 * sie"), relative to the rest of the message. Such a clause names a neighbouring topic that is
 * not the problem: at full weight it pulls the answer there ("no LAN through the dock, wifi works"
 * went to Wi-Fi). Kept above zero because it is still context (which device, which app).
 */
export const WORKING_CLAUSE_WEIGHT = 0.3;

export interface WeightedClause {
  tokens: Tokens;
  weight: number;
}

interface ClauseWords {
  contrast: ReadonlySet<string>;
  working: RegExp | undefined;
  workingLast: ReadonlySet<string>;
  negation: ReadonlySet<string>;
  /** Fault phrases (`matching.fault`): "preventing it from working correctly" is an error. */
  fault: RegExp | undefined;
}

/** Punctuation between clauses, and dashes standing between words. */
const CLAUSE_BREAK = /([.,;:!?()[\]{}\n\r…]+|\s[-–—]+\s)/;

/**
 * Splits a message into clauses (at punctuation and at contrast words such as "but", "aber",
 * "ale", "dar") and weighs down those that say something works (a working phrase, and neither a
 * negation nor a fault phrase such as "error"), per the language's word lists
 * (content/words, `matching`). A message without such a clause, or with nothing else, is read
 * whole as before: only the contrast between a working part and a broken part says which is
 * the problem.
 */
export class ClauseReader {
  private readonly byLanguage = new Map<string, ClauseWords>();

  private readonly stopWords: StopWords;

  constructor(lists: WordLists = shippedWordLists()) {
    this.stopWords = stopWordsOf(lists);
    for (const [lang, words] of Object.entries(lists))
      this.byLanguage.set(lang, {
        contrast: new Set(words.matching.contrast),
        working: phrasesPattern(words.matching.working),
        workingLast: new Set(words.matching.workingLast),
        negation: new Set(words.matching.negation),
        fault: phrasesPattern(words.matching.fault),
      });
  }

  /** The clauses and their weights, or undefined when the message is best read whole. */
  read(text: string, lang: Lang): WeightedClause[] | undefined {
    const words = this.byLanguage.get(lang);
    if (!words?.working) return undefined;
    const working = words.working;
    const pieces = cleanText(text).split(CLAUSE_BREAK);
    const clauses: Array<{ tokens: Tokens; working: boolean }> = [];
    for (let i = 0; i < pieces.length; i += 2) {
      const question = (pieces[i + 1] ?? '').includes('?');
      for (const tokens of splitAtContrast(foldTokens(pieces[i] ?? ''), words.contrast)) {
        // "Does the dock work?" asks; it does not say that something works.
        const joined = tokens.words.join(' ');
        clauses.push({
          tokens,
          working:
            !question &&
            (working.test(joined) || this.endsWorking(tokens.words, words.workingLast, lang)) &&
            !tokens.words.some((w) => words.negation.has(w)) &&
            !(words.fault?.test(joined) ?? false),
        });
      }
    }
    const saysWorking = clauses.filter((c) => c.working).length;
    if (saysWorking === 0 || saysWorking === clauses.length) return undefined;
    return clauses.map((c) => ({ tokens: c.tokens, weight: c.working ? WORKING_CLAUSE_WEIGHT : 1 }));
  }

  /** The last content word of the clause is a `workingLast` word ("in Teams geht sie"). */
  private endsWorking(words: readonly string[], last: ReadonlySet<string>, lang: Lang): boolean {
    if (last.size === 0) return false;
    for (let i = words.length - 1; i >= 0; i--) {
      const word = words[i] ?? '';
      if (last.has(word)) return true;
      if (!this.stopWords.has(word, lang)) return false;
    }
    return false;
  }
}

function foldTokens(cleaned: string): Tokens {
  const tokens = tokenize(cleaned);
  return { words: tokens.words.map(foldDiacritics), parts: tokens.parts.map(foldDiacritics) };
}

/** A contrast word starts a new clause (and stays in it: it is a function word). */
function splitAtContrast(tokens: Tokens, contrast: ReadonlySet<string>): Tokens[] {
  if (tokens.words.length === 0) return [];
  const out: Tokens[] = [];
  let current: string[] = [];
  for (const word of tokens.words) {
    if (contrast.has(word) && current.length > 0) {
      out.push({ words: current, parts: [] });
      current = [];
    }
    current.push(word);
  }
  out.push({ words: current, parts: [] });
  // Hyphenated words' pieces are extra evidence for the words they come from; keep them with
  // the first clause only when the message was not split, else with the clause holding the word.
  if (out.length === 1) return [{ words: current, parts: tokens.parts }];
  for (const part of tokens.parts) {
    const home = out.find((c) => c.words.some((w) => w.includes(part))) ?? out[0];
    home?.parts.push(part);
  }
  return out;
}
