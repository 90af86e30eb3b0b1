import type { Lang } from '../../i18n/languages';
import { germanHead, splitCompoundCached } from './compound';
import type { Tokens } from './normalize';
import type { SparseVector } from './sparse-vector';
import type { GenericWords } from './generic-words';
import { stopWordsOf, type StopWords } from './stop-words';
import { stem } from './stemmer';
import { MAX_PHRASE_WORDS, type SynonymTable } from './synonyms';
import type { TypoIndex } from './typo-index';

export interface AnalysisContext {
  synonyms: SynonymTable;
  /** Folded words of the indexed documents; used to split compounds. */
  vocabulary: ReadonlySet<string>;
  /** Present for questions only: corrects unknown words. */
  typos?: TypoIndex;
  /** Function words per language (content/words); the shipped ones when absent. */
  stopWords?: StopWords;
  /** Words that only say whether something works (content/words); none when absent. */
  genericWords?: GenericWords;
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
 * At half a content word's weight: measured with test/dev/tune.ts, 0.5 beat 1 and 0.25 on the dev
 * questions, the chat-style dev questions and the Chatbot/WebApplications corpora together.
 */
const STOP_WEIGHT = 0.5;
/** Evidence a typo-corrected word gives, relative to a word found as typed: it may be a wrong guess. */
const CORRECTED_EVIDENCE = 0.5;
/** Evidence of an unknown word whose compound parts are known ("Druckerproblem"). */
const COMPOUND_EVIDENCE = 0.75;

/**
 * How much of a question the index explains: each content word (not a function word in any
 * language) adds how strongly the collection knows it — 1 when it (or its stem or synonym
 * concept) occurs in the question-like fields, less when only in article bodies, for typo
 * corrections and compound parts, 0 when unknown. A softmax or a normalised BM25 score always
 * finds a best document; this is what tells whether the question was about anything indexed.
 */
export interface Evidence {
  /** Sum of the content words' strengths. */
  explained: number;
  /** Number of content words. */
  content: number;
  /**
   * The part of `explained` from words that name something: without the generic words that
   * only say whether something works ("works", "geht", "działa", "merge"; see generic-words.ts).
   */
  topical: number;
}

/**
 * Words first met after the index froze are words users typed (names, numbers, typos): each
 * language keeps the most recently used ones, so a long-running server does not keep every word
 * it was ever sent. Words of the indexed texts stay for good (they are part of the index).
 */
const MAX_TYPED_WORDS = 5_000;
/** One shared empty id list: most words have no synonym concept and no compound parts. */
const NO_IDS = new Int32Array(0);
const NO_PARTS: { words: Int32Array; concepts: Int32Array } = { words: NO_IDS, concepts: NO_IDS };

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
  surface: string;
  stop: boolean;
  /** `w:` term of the stem (or of the word itself for function words). */
  wordId: number;
  /** Concepts of the word on its own. */
  concepts: Int32Array;
  /** The word may start a synonym phrase of several words. */
  phraseStart: boolean;
  stemmed: string;
  /** Character n-gram ids and the weight of each, computed on first need. */
  grams: Int32Array | undefined;
  gramWeight: number;
  /** Compound parts (`w:` ids) and their concepts, computed on first need. */
  parts: { words: Int32Array; concepts: Int32Array } | undefined;
}

export interface TokensOptions {
  ngrams: boolean;
  /** Questions: correct typos, split unknown words and join split ones. */
  query: boolean;
}

/** Tokens as ids into a WordTable (see corpus.ts): how the index hands over its texts. */
export interface IdTokens {
  words: Int32Array;
  parts: Int32Array;
}

/** Folded word of each word id. */
export interface WordLookup {
  folded: readonly string[];
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
  /** Words first met after the index froze, least recently used first (see MAX_TYPED_WORDS). */
  private readonly typedWords: Record<Lang, Map<string, WordTerms>> = {
    en: new Map(),
    de: new Map(),
    pl: new Map(),
    ro: new Map(),
  };
  private readonly byId: Record<Lang, Array<WordTerms | undefined>> = { en: [], de: [], pl: [], ro: [] };
  private readonly scratchWords: WordTerms[] = [];
  private readonly scratchParts: WordTerms[] = [];

  /** Per term id: how strongly the indexed collection knows it (set by the index; see Evidence). */
  strength: Float32Array | undefined;

  private readonly stopWords: StopWords;

  constructor(readonly ctx: AnalysisContext) {
    this.stopWords = ctx.stopWords ?? stopWordsOf();
  }

  /** How many words first met after the index froze are remembered for `lang` (at most MAX_TYPED_WORDS). */
  typedWordsRemembered(lang: Lang): number {
    return this.typedWords[lang].size;
  }

  /** Add the terms of folded string tokens (questions, see normalize.foldedTokens) to `out`. */
  addTokens(tokens: Tokens, lang: Lang, options: TokensOptions, out: SparseVector): Evidence {
    const typed = tokens.words.map((w) => this.word(w, lang));
    const words = options.query ? this.correct(typed, lang) : typed;
    const parts = tokens.parts.map((w) => this.word(w, lang));
    this.addWords(words, typed, parts, lang, options, out);
    return this.evidence(words, typed, lang);
  }

  private evidence(words: WordTerms[], typed: WordTerms[], lang: Lang): Evidence {
    const result: Evidence = { explained: 0, content: 0, topical: 0 };
    const strength = this.strength;
    if (!strength) return result;
    for (let i = 0; i < words.length; i++) {
      const info = words[i];
      const source = typed[i];
      if (!info || !source || !isContentWord(source.surface, this.stopWords)) continue;
      result.content++;
      let s = this.known(info.wordId, info.concepts, strength);
      if (s === 0 && !this.ctx.vocabulary.has(info.surface)) {
        const parts = (info.parts ??= this.compoundParts(info.surface, lang));
        if (parts.words.length > 1) s = COMPOUND_EVIDENCE * this.known(-1, parts.words, strength);
      }
      if (info !== source) s *= CORRECTED_EVIDENCE;
      result.explained += s;
      if (!this.ctx.genericWords?.has(info.surface, info.stemmed, lang)) result.topical += s;
    }
    return result;
  }

  private known(id: number, more: Int32Array, strength: Float32Array): number {
    let s = id >= 0 ? (strength[id] ?? 0) : 0;
    for (let k = 0; k < more.length; k++) s = Math.max(s, strength[more[k] ?? 0] ?? 0);
    return s;
  }

  /** Add the terms of id tokens (indexed texts) to `out`; no hashing per token, no allocation. */
  addIds(tokens: IdTokens, table: WordLookup, lang: Lang, options: TokensOptions, out: SparseVector): void {
    const words = this.scratchWords;
    words.length = 0;
    for (let i = 0; i < tokens.words.length; i++)
      words.push(this.wordById(tokens.words[i] ?? 0, table, lang));
    const parts = this.scratchParts;
    parts.length = 0;
    for (let i = 0; i < tokens.parts.length; i++)
      parts.push(this.wordById(tokens.parts[i] ?? 0, table, lang));
    this.addWords(words, words, parts, lang, options, out);
  }

  /** `typed` are the words as typed (their n-grams survive a wrong typo correction). */
  private addWords(
    words: WordTerms[],
    typed: WordTerms[],
    parts: WordTerms[],
    lang: Lang,
    options: TokensOptions,
    out: SparseVector,
  ): void {
    for (let i = 0; i < words.length; i++) {
      const info = words[i];
      if (!info) continue;
      addAll(info.concepts, CONCEPT_WEIGHT, out);
      if (info.phraseStart) this.addPhrases(words, i, lang, out);
      if (info.stop) {
        out.add(info.wordId, STOP_WEIGHT);
        continue;
      }
      out.add(info.wordId, 1);
      const source = typed[i];
      if (options.ngrams && source) this.addNgrams(source, out);
    }
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part && part.surface.length > 1 && !part.stop) out.add(part.wordId, PART_WEIGHT);
    }
    this.addCompounds(words, lang, options.query, out);
  }

  /**
   * Typo correction for words the collection does not know. A word whose stem the index knows is
   * an inflected form, not a typo: "pilna" (urgent) is not "pelna" (full), "nadać" (grant) not
   * "nadal" (still); correcting it to the nearest surface word would change what it means.
   */
  private correct(typed: WordTerms[], lang: Lang): WordTerms[] {
    const typos = this.ctx.typos;
    if (!typos) return typed;
    return typed.map((info) => {
      if (this.ctx.synonyms.surface.has(info.surface) || this.stemKnown(info)) return info;
      const corrected = typos.correct(info.surface);
      return corrected === undefined ? info : this.word(corrected, lang);
    });
  }

  private stemKnown(info: WordTerms): boolean {
    return this.strength !== undefined && info.wordId >= 0 && (this.strength[info.wordId] ?? 0) > 0;
  }

  private wordById(id: number, table: WordLookup, lang: Lang): WordTerms {
    const cache = this.byId[lang];
    // Grow densely: assigning far past the end would turn the array into a slow dictionary.
    while (cache.length <= id) cache.push(undefined);
    let info = cache[id];
    if (!info) cache[id] = info = this.word(table.folded[id] ?? '', lang);
    return info;
  }

  private word(word: string, lang: Lang): WordTerms {
    const indexed = this.words[lang].get(word);
    if (indexed) return indexed;
    if (!this.space.frozen) {
      const info = this.analyse(word, lang);
      this.words[lang].set(word, info);
      return info;
    }
    const typed = this.typedWords[lang];
    let info = typed.get(word);
    if (info)
      typed.delete(word); // re-inserted below: the Map's order is least recently used first
    else info = this.analyse(word, lang);
    typed.set(word, info);
    if (typed.size > MAX_TYPED_WORDS) typed.delete(typed.keys().next().value!);
    return info;
  }

  private analyse(word: string, lang: Lang): WordTerms {
    const stop = this.stopWords.has(word, lang);
    const stemmed = stem(word, lang);
    return {
      surface: word,
      stop,
      wordId: this.space.id(`w:${stop ? word : stemmed}`),
      concepts: this.conceptIds(
        this.ctx.synonyms.surface.get(word) ?? this.ctx.synonyms.stems[lang].get(stemmed),
      ),
      phraseStart:
        this.ctx.synonyms.surfacePrefixes.has(word) || this.ctx.synonyms.stemPrefixes[lang].has(stemmed),
      stemmed,
      // Every field set up front: objects of one shape keep property access fast.
      grams: undefined,
      gramWeight: 0,
      parts: undefined,
    };
  }

  private addNgrams(info: WordTerms, out: SparseVector): void {
    if (!info.grams) {
      const padded = `^${info.surface}$`;
      const count = Math.max(1, padded.length - NGRAM_SIZE + 1);
      const ids = new Int32Array(count);
      if (padded.length <= NGRAM_SIZE) ids[0] = this.space.id(`g:${padded}`);
      else for (let i = 0; i < count; i++) ids[i] = this.space.id(`g:${padded.slice(i, i + NGRAM_SIZE)}`);
      info.grams = ids;
      info.gramWeight = NGRAM_WEIGHT / count;
    }
    addAll(info.grams, info.gramWeight, out);
  }

  private conceptIds(concepts: readonly string[] | undefined): Int32Array {
    if (!concepts || concepts.length === 0) return NO_IDS;
    return Int32Array.from(concepts, (c) => this.space.id(`c:${c}`));
  }

  /** Synonym phrases of several words starting at word i. */
  private addPhrases(words: WordTerms[], i: number, lang: Lang, out: SparseVector): void {
    const { surface, stems, surfacePrefixes, stemPrefixes } = this.ctx.synonyms;
    let surfaceKey = words[i]?.surface ?? '';
    let stemKey = words[i]?.stemmed ?? '';
    for (let n = 2; n <= MAX_PHRASE_WORDS && i + n <= words.length; n++) {
      // Stop as soon as no phrase continues this way.
      if (!surfacePrefixes.has(surfaceKey) && !stemPrefixes[lang].has(stemKey)) break;
      const next = words[i + n - 1];
      surfaceKey += ` ${next?.surface ?? ''}`;
      stemKey += ` ${next?.stemmed ?? ''}`;
      const concepts = surface.get(surfaceKey) ?? stems[lang].get(stemKey);
      for (const concept of concepts ?? []) out.add(this.space.id(`c:${concept}`), CONCEPT_WEIGHT);
    }
  }

  /** Unknown question words that are two known words glued ("shutdown") or two words that are one known word. */
  private addCompounds(words: WordTerms[], lang: Lang, query: boolean, out: SparseVector): void {
    const vocabulary = this.ctx.vocabulary;
    for (let i = 0; i < words.length; i++) {
      const info = words[i];
      if (!info) continue;
      if (lang === 'de' || (query && !vocabulary.has(info.surface))) {
        const parts = (info.parts ??= this.compoundParts(info.surface, lang));
        addAll(parts.words, PART_WEIGHT, out);
        addAll(parts.concepts, PART_WEIGHT, out);
      }
      const next = words[i + 1];
      if (!query || next === undefined) continue;
      const joined = info.surface + next.surface;
      if (vocabulary.has(joined)) out.add(this.space.id(`w:${stem(joined, lang)}`), PART_WEIGHT);
    }
  }

  private compoundParts(word: string, lang: Lang): { words: Int32Array; concepts: Int32Array } {
    const wordIds: number[] = [];
    const conceptIds: number[] = [];
    let split = splitCompoundCached(word, this.ctx.vocabulary);
    if (split.length === 0 && lang === 'de' && !this.ctx.vocabulary.has(word)) {
      const head = germanHead(word, this.ctx.vocabulary);
      if (head) split = [head];
    }
    for (const part of split) {
      if (this.stopWords.has(part, lang)) continue;
      wordIds.push(this.space.id(`w:${stem(part, lang)}`));
      // "Kennwortänderung" is about the password: parts count as their synonym concepts.
      for (const concept of this.ctx.synonyms.surface.get(part) ?? [])
        conceptIds.push(this.space.id(`c:${concept}`));
    }
    if (wordIds.length === 0 && conceptIds.length === 0) return NO_PARTS;
    return {
      words: wordIds.length > 0 ? Int32Array.from(wordIds) : NO_IDS,
      concepts: conceptIds.length > 0 ? Int32Array.from(conceptIds) : NO_IDS,
    };
  }
}

/**
 * Words that can show what a question is about: not function words of any language and not bare
 * numbers (a number alone — "42", "2024" — names no problem; error codes have letters).
 */
function isContentWord(word: string, stopWords: StopWords): boolean {
  return word.length >= 2 && !/^\d+$/.test(word) && !stopWords.anywhere(word);
}

/** Index loop on purpose: for-of over a typed array allocates an iterator, even when it is empty. */
function addAll(ids: Int32Array, weight: number, out: SparseVector): void {
  for (let i = 0; i < ids.length; i++) out.add(ids[i] ?? 0, weight);
}
