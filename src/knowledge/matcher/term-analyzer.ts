import type { Lang } from '../../i18n/languages';
import { splitCompoundCached } from './compound';
import type { Tokens } from './normalize';
import type { SparseVector } from './sparse-vector';
import { isStopWord } from './stop-words';
import { stem } from './stemmer';
import { MAX_PHRASE_WORDS, type SynonymTable } from './synonyms';
import type { TypoIndex } from './typo-index';

export interface AnalysisContext {
  synonyms: SynonymTable;
  /** Folded words of the indexed documents; used to split compounds. */
  vocabulary: ReadonlySet<string>;
  /** Present for questions only: corrects unknown words. */
  typos?: TypoIndex;
}

// Weights relative to one word occurring once.
const PART_WEIGHT = 0.5;
const CONCEPT_WEIGHT = 1;
/** Total weight of all n-grams of one word. */
const NGRAM_WEIGHT = 0.6;
const NGRAM_SIZE = 4;
/**
 * Function words are kept as (unstemmed) terms: in chat questions "is there", "how do I" carry
 * intent, and BM25's idf already makes them cheap where they are everywhere (article bodies).
 */
const STOP_WEIGHT = 1;
/** Query-side caches hold words users typed; bound them so odd input cannot grow memory. */
const MAX_CACHED_WORDS = 100_000;

/** Term strings ↔ integer ids. Grows while indexing; frozen afterwards (unknown terms get -1). */
export class TermSpace {
  private readonly ids = new Map<string, number>();
  readonly terms: string[] = [];
  frozen = false;

  id(term: string): number {
    const known = this.ids.get(term);
    if (known !== undefined) return known;
    if (this.frozen) return -1;
    const id = this.terms.length;
    this.ids.set(term, id);
    this.terms.push(term);
    return id;
  }

  get size(): number {
    return this.terms.length;
  }
}

/** What one word contributes, computed once per (language, word). */
interface WordTerms {
  stop: boolean;
  /** `w:` term of the stem (or of the word itself for function words). */
  wordId: number;
  /** The word may start a synonym phrase. */
  phraseStart: boolean;
  stemmed: string;
  /** Compound parts (`w:` ids) and their concepts, computed on first need. */
  parts?: { words: Int32Array; concepts: Int32Array };
}

interface Ngrams {
  ids: Int32Array;
  weight: number;
}

export interface TokensOptions {
  ngrams: boolean;
  /** Questions: split unknown words and join split ones. */
  query: boolean;
}

/**
 * Turns tokens into weighted terms (word stems, synonym concepts, compound parts, character
 * n-grams) added to a SparseVector. Every distinct word is analysed once and remembered, which
 * is what makes indexing large collections fast: most of a text is words seen before.
 */
export class TermAnalyzer {
  readonly space = new TermSpace();
  private readonly words: Record<Lang, Map<string, WordTerms>> = {
    en: new Map(),
    de: new Map(),
    pl: new Map(),
    ro: new Map(),
  };
  private readonly ngrams = new Map<string, Ngrams>();

  constructor(readonly ctx: AnalysisContext) {}

  /** Add the terms of already folded tokens (see normalize.ts) to `out`. */
  addTokens(tokens: Tokens, lang: Lang, options: TokensOptions, out: SparseVector): void {
    const folded = tokens.words;
    const words = options.query ? this.correct(folded) : folded;
    const infos = words.map((w) => this.word(w, lang));
    this.addConcepts(words, infos, lang, out);
    for (let i = 0; i < words.length; i++) {
      const info = infos[i];
      if (!info) continue;
      if (info.stop) {
        out.add(info.wordId, STOP_WEIGHT);
        continue;
      }
      out.add(info.wordId, 1);
      if (options.ngrams) this.addNgrams(folded[i] ?? '', out);
    }
    for (const part of tokens.parts) {
      if (part.length > 1 && !isStopWord(part, lang)) out.add(this.word(part, lang).wordId, PART_WEIGHT);
    }
    this.addCompounds(words, infos, lang, options.query, out);
  }

  private correct(words: string[]): string[] {
    const typos = this.ctx.typos;
    if (!typos) return words;
    return words.map((w) => (this.ctx.synonyms.surface.has(w) ? w : (typos.correct(w) ?? w)));
  }

  private word(word: string, lang: Lang): WordTerms {
    const cache = this.words[lang];
    let info = cache.get(word);
    if (info) return info;
    const stop = isStopWord(word, lang);
    const stemmed = stem(word, lang);
    info = {
      stop,
      wordId: this.space.id(`w:${stop ? word : stemmed}`),
      phraseStart:
        this.ctx.synonyms.surfaceFirst.has(word) || this.ctx.synonyms.stemFirst[lang].has(stemmed),
      stemmed,
    };
    if (this.space.frozen && cache.size >= MAX_CACHED_WORDS) cache.clear();
    cache.set(word, info);
    return info;
  }

  private addNgrams(word: string, out: SparseVector): void {
    let grams = this.ngrams.get(word);
    if (!grams) {
      const padded = `^${word}$`;
      const count = Math.max(1, padded.length - NGRAM_SIZE + 1);
      const ids = new Int32Array(count);
      if (padded.length <= NGRAM_SIZE) ids[0] = this.space.id(`g:${padded}`);
      else for (let i = 0; i < count; i++) ids[i] = this.space.id(`g:${padded.slice(i, i + NGRAM_SIZE)}`);
      grams = { ids, weight: NGRAM_WEIGHT / count };
      if (this.space.frozen && this.ngrams.size >= MAX_CACHED_WORDS) this.ngrams.clear();
      this.ngrams.set(word, grams);
    }
    for (const id of grams.ids) out.add(id, grams.weight);
  }

  private addConcepts(words: string[], infos: WordTerms[], lang: Lang, out: SparseVector): void {
    const { surface, stems } = this.ctx.synonyms;
    for (let i = 0; i < words.length; i++) {
      if (!infos[i]?.phraseStart) continue;
      let surfaceKey = '';
      let stemKey = '';
      for (let n = 1; n <= MAX_PHRASE_WORDS && i + n <= words.length; n++) {
        const sep = n === 1 ? '' : ' ';
        surfaceKey += sep + (words[i + n - 1] ?? '');
        stemKey += sep + (infos[i + n - 1]?.stemmed ?? '');
        const concepts = surface.get(surfaceKey) ?? stems[lang].get(stemKey);
        for (const concept of concepts ?? []) out.add(this.space.id(`c:${concept}`), CONCEPT_WEIGHT);
      }
    }
  }

  /** Unknown question words that are two known words glued ("shutdown") or two words that are one known word. */
  private addCompounds(
    words: string[],
    infos: WordTerms[],
    lang: Lang,
    query: boolean,
    out: SparseVector,
  ): void {
    const vocabulary = this.ctx.vocabulary;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? '';
      const info = infos[i];
      if (info && (lang === 'de' || (query && !vocabulary.has(word)))) {
        const parts = (info.parts ??= this.compoundParts(word, lang));
        for (const id of parts.words) out.add(id, PART_WEIGHT);
        for (const id of parts.concepts) out.add(id, PART_WEIGHT);
      }
      const next = words[i + 1];
      if (query && next !== undefined && vocabulary.has(word + next))
        out.add(this.space.id(`w:${stem(word + next, lang)}`), PART_WEIGHT);
    }
  }

  private compoundParts(word: string, lang: Lang): { words: Int32Array; concepts: Int32Array } {
    const wordIds: number[] = [];
    const conceptIds: number[] = [];
    for (const part of splitCompoundCached(word, this.ctx.vocabulary)) {
      if (isStopWord(part, lang)) continue;
      wordIds.push(this.space.id(`w:${stem(part, lang)}`));
      // "Kennwortänderung" is about the password: parts count as their synonym concepts.
      for (const concept of this.ctx.synonyms.surface.get(part) ?? [])
        conceptIds.push(this.space.id(`c:${concept}`));
    }
    return { words: Int32Array.from(wordIds), concepts: Int32Array.from(conceptIds) };
  }
}
