import type { Lang } from '../../i18n/languages';
import { shippedWordLists, type WordLists } from '../../words';

/**
 * Function words (articles, pronouns, auxiliaries, prepositions, question words, fillers) per
 * language, from content/words (`stopWords`), folded because they are compared with folded tokens.
 */
export class StopWords {
  private readonly byLanguage: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly any: ReadonlySet<string>;

  constructor(lists: WordLists) {
    this.byLanguage = new Map(Object.entries(lists).map(([lang, words]) => [lang, new Set(words.stopWords)]));
    this.any = new Set(Object.values(lists).flatMap((words) => words.stopWords));
  }

  /** True when a folded token is a function word of the given language. */
  has(folded: string, lang: Lang): boolean {
    return this.byLanguage.get(lang)?.has(folded) ?? false;
  }

  /** True when a folded token is a function word in any language (no topical evidence). */
  anywhere(folded: string): boolean {
    return this.any.has(folded);
  }
}

const built = new WeakMap<WordLists, StopWords>();

/** The stop words of a set of word lists (the shipped ones by default), built once per lists. */
export function stopWordsOf(lists: WordLists = shippedWordLists()): StopWords {
  let stopWords = built.get(lists);
  if (!stopWords) built.set(lists, (stopWords = new StopWords(lists)));
  return stopWords;
}
