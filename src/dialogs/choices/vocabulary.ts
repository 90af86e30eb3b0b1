import { allLanguages, type LanguageWords, type WordLists } from '../../words';
import type { ChoiceMeaning } from './choice-types';

/**
 * The words users answer choices with (content/words, `choices`), every language's in one
 * vocabulary: recognition is language-independent because people mix languages in chat.
 */
export class ChoiceVocabulary {
  private readonly meaningWords: Record<ChoiceMeaning, ReadonlySet<string>>;
  /** Words that carry no answer of their own ("it", "still", "thanks"...). */
  private readonly filler: ReadonlySet<string>;
  /** Ordinals and counting words by position (0 = first). */
  private readonly ordinalIndex: ReadonlyMap<string, number>;
  /** "last": resolved against the option count. */
  private readonly last: ReadonlySet<string>;
  /** "one" only counts as "the first" when nothing else in the message is an ordinal ("the second one"). */
  private readonly weakFirst: ReadonlySet<string>;
  private readonly ordinalFiller: ReadonlySet<string>;
  private readonly cause: ReadonlySet<string>;
  private readonly outcome: ReadonlySet<string>;

  constructor(lists: WordLists) {
    const all = (pick: (c: LanguageWords['choices']) => readonly string[]) =>
      new Set(allLanguages(lists, (l) => pick(l.choices)));
    this.meaningWords = {
      yes: all((c) => c.yes),
      no: all((c) => c.no),
      stop: all((c) => c.stop),
      none: all((c) => c.none),
    };
    this.filler = all((c) => c.filler);
    this.ordinalIndex = new Map(
      allLanguages(lists, (l) => l.choices.ordinals.flatMap((words, i) => words.map((w) => [w, i] as const))),
    );
    this.last = all((c) => c.last);
    this.weakFirst = all((c) => c.weakFirst);
    this.ordinalFiller = all((c) => c.ordinalFiller);
    this.cause = all((c) => c.cause);
    this.outcome = all((c) => c.outcome);
  }

  /** Whether words tell what had been wrong ("the cable was not plugged in"), not how the step went. */
  tellsCause(tokens: readonly string[]): boolean {
    return tokens.some((t) => this.cause.has(t)) && !tokens.some((t) => this.outcome.has(t));
  }

  /**
   * The meaning of a short answer made only of answer words and fillers ("no, still not working",
   * "tak, działa"). Any negation wins over "yes" words, so "funktioniert nicht" and "nothing works" are a no.
   * Messages with other words ("the printer doesn't print") have no meaning: they may be a new problem.
   */
  meaningOf(tokens: readonly string[]): ChoiceMeaning | undefined {
    if (tokens.length === 0) return undefined;
    const known = (t: string) => this.filler.has(t) || this.isAnswerWord(t);
    if (!tokens.every(known)) return undefined;
    const has = (meaning: ChoiceMeaning) => tokens.some((t) => this.meaningWords[meaning].has(t));
    if (has('stop')) return 'stop';
    // "Nothing works", "none of it helped": a none word with a yes word denies it.
    if (has('none')) return has('yes') ? 'no' : 'none';
    if (has('no')) return 'no';
    if (has('yes')) return 'yes';
    return undefined;
  }

  /** The 0-based position named by a short answer ("2", "the second one", "a doua"), if any. */
  ordinalOf(tokens: readonly string[], optionCount: number): number | undefined {
    if (tokens.length === 0) return undefined;
    const positions = new Set<number>();
    let weak = false;
    for (const token of tokens) {
      if (/^\d{1,2}$/.test(token)) positions.add(Number(token) - 1);
      else if (this.ordinalIndex.has(token)) positions.add(this.ordinalIndex.get(token) ?? -1);
      else if (this.last.has(token)) positions.add(optionCount - 1);
      else if (this.weakFirst.has(token)) weak = true;
      else if (!this.ordinalFiller.has(token)) return undefined;
    }
    if (positions.size === 0 && weak) positions.add(0);
    const [position] = [...positions];
    if (positions.size !== 1 || position === undefined) return undefined;
    return position >= 0 && position < optionCount ? position : undefined;
  }

  /** The words of a message that say something, without fillers like "the", "one", "please". */
  contentWords(tokens: readonly string[]): string[] {
    return tokens.filter((t) => !this.filler.has(t) && !this.ordinalFiller.has(t));
  }

  /** Whether every word is an answer word or a filler ("no, it", "nein", "tak, chyba"): nothing else is said. */
  onlyAnswerWords(tokens: readonly string[]): boolean {
    return tokens.every((t) => this.filler.has(t) || this.isAnswerWord(t));
  }

  /** Whether a word is a no word ("no", "nie", "nicht", "didnt"): it may negate the words after it. */
  isNegation(token: string): boolean {
    return this.meaningWords.no.has(token);
  }

  /**
   * The words of a message that say something beyond an answer: neither answer words nor fillers
   * ("wlacza" in "nie włącza się", "signal" in "still no signal").
   */
  substantiveWords(tokens: readonly string[]): string[] {
    return this.contentWords(tokens).filter((t) => !this.isAnswerWord(t));
  }

  /** Whether a word answers by itself (yes, no, stop, none words): it never tells options apart. */
  isAnswerWord(token: string): boolean {
    return Object.values(this.meaningWords).some((set) => set.has(token));
  }
}

const vocabularies = new WeakMap<WordLists, ChoiceVocabulary>();

/** The vocabulary of a set of word lists, built once per lists. */
export function choiceVocabulary(lists: WordLists): ChoiceVocabulary {
  let vocabulary = vocabularies.get(lists);
  if (!vocabulary) vocabularies.set(lists, (vocabulary = new ChoiceVocabulary(lists)));
  return vocabulary;
}
