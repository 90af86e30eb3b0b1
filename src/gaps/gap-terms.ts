import { z } from 'zod';
import { LANGUAGES, type Lang } from '../i18n/languages';
import { foldedTokens, stem } from '../knowledge';
import type { WordLists } from '../words';

const terms = z.array(z.string().trim().min(1).max(60)).max(200).default([]);

const conceptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a concept id is kebab-case, e.g. "dial-tone"'),
    any: terms,
    en: terms,
    de: terms,
    pl: terms,
    ro: terms,
  })
  .strict();

/** content/gaps/terms.yaml: cross-language IT concepts and the words that say nothing of the topic. */
export const gapTermsSchema = z
  .object({
    concepts: z.array(conceptSchema).max(2000),
    ignore: z.object({ en: terms, de: terms, pl: terms, ro: terms }).strict().default({
      en: [],
      de: [],
      pl: [],
      ro: [],
    }),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.concepts.forEach((concept, i) => {
      if (seen.has(concept.id))
        ctx.addIssue({
          code: 'custom',
          path: ['concepts', i, 'id'],
          message: `"${concept.id}" is listed twice`,
        });
      seen.add(concept.id);
    });
  });
export type GapTermsFile = z.output<typeof gapTermsSchema>;

/** The longest phrase looked for, in words. */
const MAX_PHRASE_WORDS = 3;
/** A compound's part must be this long to count ("Spesenabrechnung" holds "spesen"). */
const MIN_COMPOUND_PART = 5;
const CONCEPT_WEIGHT = 1.5;

/** A question as weighted features: `c:<concept>` for known IT terms, `w:<stem>` for the other words. */
export type TermBag = Map<string, number>;

/**
 * Turns questions into features that compare across languages: the term list's concepts (any
 * language's word for it, inflected or inside a compound), then stems of the remaining words,
 * leaving out stop words (content/words) and the list's words that only say something is wrong.
 */
export class GapTermAnalyzer {
  /** Folded phrase (one or more words) → concepts. */
  private readonly surface = new Map<string, Set<string>>();
  /** Per language: stemmed phrase → concepts. */
  private readonly stems = new Map<Lang, Map<string, Set<string>>>();
  private readonly ignored = new Set<string>();
  private readonly ignoredStems = new Set<string>();
  private readonly stopWords = new Set<string>();

  constructor(file: GapTermsFile | undefined, words: WordLists) {
    for (const lang of LANGUAGES) this.stems.set(lang, new Map());
    for (const concept of file?.concepts ?? []) {
      for (const lang of LANGUAGES) {
        for (const term of [...concept.any, ...concept[lang]]) {
          const folded = phrase(term);
          if (folded.length === 0) continue;
          add(this.surface, folded.join(' '), concept.id);
          add(this.stems.get(lang)!, folded.map((w) => stem(w, lang)).join(' '), concept.id);
        }
      }
    }
    for (const lang of LANGUAGES) {
      for (const term of file?.ignore[lang] ?? []) {
        const folded = phrase(term);
        this.ignored.add(folded.join(' '));
        this.ignoredStems.add(folded.map((w) => stem(w, lang)).join(' '));
      }
    }
    for (const list of Object.values(words)) for (const word of list.stopWords) this.stopWords.add(word);
  }

  /** The features of one question written (mostly) in `lang`. */
  analyse(text: string, lang: Lang): TermBag {
    const { words } = foldedTokens(text, 1000);
    const bag: TermBag = new Map();
    const bump = (key: string, weight: number) => bag.set(key, (bag.get(key) ?? 0) + weight);
    let i = 0;
    while (i < words.length) {
      const taken = this.phraseAt(words, i, lang);
      if (taken) {
        for (const concept of taken.concepts) bump(`c:${concept}`, CONCEPT_WEIGHT);
        i += taken.length;
        continue;
      }
      const ignoredLength = this.ignoredAt(words, i, lang);
      if (ignoredLength > 0) {
        i += ignoredLength;
        continue;
      }
      const word = words[i]!;
      i += 1;
      if (this.stopWords.has(word) || word.length < 2 || /^\d+$/.test(word)) continue;
      const inCompound = this.compoundConcepts(word);
      if (inCompound.size > 0) for (const concept of inCompound) bump(`c:${concept}`, CONCEPT_WEIGHT);
      else bump(`w:${stem(word, lang)}`, 1);
    }
    return bag;
  }

  /** The longest term-list phrase starting at `i`, as written or stemmed in any language. */
  private phraseAt(
    words: string[],
    i: number,
    lang: Lang,
  ): { length: number; concepts: Set<string> } | undefined {
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const slice = words.slice(i, i + n);
      const found = this.surface.get(slice.join(' '));
      if (found) return { length: n, concepts: found };
      // The question's own language first: its stemmer knows its inflections best.
      for (const stemLang of [lang, ...LANGUAGES.filter((l) => l !== lang)]) {
        const stemmed = this.stems.get(stemLang)!.get(slice.map((w) => stem(w, stemLang)).join(' '));
        if (stemmed) return { length: n, concepts: stemmed };
      }
    }
    return undefined;
  }

  private ignoredAt(words: string[], i: number, lang: Lang): number {
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const slice = words.slice(i, i + n);
      if (this.ignored.has(slice.join(' '))) return n;
      if (this.ignoredStems.has(slice.map((w) => stem(w, lang)).join(' '))) return n;
    }
    return 0;
  }

  /** Concepts a long word starts or ends with (German compounds, glued brand names). */
  private compoundConcepts(word: string): Set<string> {
    const found = new Set<string>();
    if (word.length < MIN_COMPOUND_PART + 2) return found;
    for (let k = MIN_COMPOUND_PART; k <= word.length - 2; k++) {
      for (const part of [word.slice(0, k), word.slice(word.length - k)])
        for (const concept of this.surface.get(part) ?? []) found.add(concept);
    }
    return found;
  }
}

function phrase(term: string): string[] {
  return foldedTokens(term, 200).words;
}

function add(map: Map<string, Set<string>>, key: string, concept: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(concept);
  map.set(key, set);
}
