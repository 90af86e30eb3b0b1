import type { Lang } from '../../i18n/languages';
import { shippedWordLists, type WordLists } from '../../words';
import { stem } from './stemmer';

/**
 * Words that say whether something works ("works", "geht", "działa", "merge"): the one-word
 * entries of content/words `matching.working` and `matching.workingLast`, and words that name
 * nothing affected (`matching.unnamed`: "nothing", "alles", "nic", "nimic"), compared by surface
 * and by stem ("work", "working", "działają"). They are content words, and knowledge-base
 * examples are full of them ("Laptop geht nicht an"), but they name no topic: "es geht nicht",
 * "nie działa" or "nu merge" say that something is broken, not what.
 */
export class GenericWords {
  private readonly byLanguage = new Map<
    string,
    { surface: Set<string>; stems: Set<string>; prefixes: string[] }
  >();

  constructor(lists: WordLists) {
    for (const [lang, words] of Object.entries(lists)) {
      const single = [
        ...words.matching.working,
        ...words.matching.workingLast,
        ...words.matching.unnamed,
      ].filter((w) => !w.includes(' '));
      const exact = single.filter((w) => !w.endsWith('*'));
      this.byLanguage.set(lang, {
        surface: new Set(exact),
        stems: new Set(exact.map((w) => stem(w, lang as Lang))),
        prefixes: single.filter((w) => w.endsWith('*')).map((w) => w.slice(0, -1)),
      });
    }
  }

  /** True when a folded word (whose stem in `lang` is `stemmed`) only says whether something works. */
  has(folded: string, stemmed: string, lang: Lang): boolean {
    const words = this.byLanguage.get(lang);
    if (!words) return false;
    return (
      words.surface.has(folded) ||
      words.stems.has(stemmed) ||
      words.prefixes.some((p) => folded.startsWith(p))
    );
  }
}

const built = new WeakMap<WordLists, GenericWords>();

/** The generic words of a set of word lists (the shipped ones by default), built once per lists. */
export function genericWordsOf(lists: WordLists = shippedWordLists()): GenericWords {
  let generic = built.get(lists);
  if (!generic) built.set(lists, (generic = new GenericWords(lists)));
  return generic;
}
