import type { Lang } from '../../i18n/languages';
import { splitCompoundCached } from './compound';
import { cleanText, foldDiacritics, tokenize } from './normalize';
import { isStopWord } from './stop-words';
import { stem } from './stemmer';
import { MAX_PHRASE_WORDS, type SynonymTable } from './synonyms';
import type { TypoIndex } from './typo-index';

/** Term → weight (a weighted term frequency). Prefixes keep the term kinds apart. */
export type TermBag = Map<string, number>;

export interface AnalysisContext {
  synonyms: SynonymTable;
  /** Folded words of the indexed documents; used to split compounds. */
  vocabulary: ReadonlySet<string>;
  /** Present for questions only: corrects unknown words. */
  typos?: TypoIndex;
}

export interface AnalyzeOptions {
  /** Add character n-grams (typo and inflection tolerance); off for long article bodies. */
  ngrams: boolean;
  /** Characters to look at; the rest is ignored. */
  maxChars?: number;
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

function addTerm(bag: TermBag, term: string, weight: number): void {
  bag.set(term, (bag.get(term) ?? 0) + weight);
}

function addNgrams(bag: TermBag, word: string): void {
  const padded = `^${word}$`;
  if (padded.length <= NGRAM_SIZE) {
    addTerm(bag, `g:${padded}`, NGRAM_WEIGHT);
    return;
  }
  const count = padded.length - NGRAM_SIZE + 1;
  for (let i = 0; i < count; i++) addTerm(bag, `g:${padded.slice(i, i + NGRAM_SIZE)}`, NGRAM_WEIGHT / count);
}

function addConcepts(bag: TermBag, words: string[], lang: Lang, synonyms: SynonymTable): void {
  const stems = words.map((w) => stem(w, lang));
  for (let i = 0; i < words.length; i++) {
    const bySurface = synonyms.surfaceFirst.has(words[i] ?? '');
    const byStem = synonyms.stemFirst[lang].has(stems[i] ?? '');
    if (!bySurface && !byStem) continue;
    for (let n = 1; n <= MAX_PHRASE_WORDS && i + n <= words.length; n++) {
      const concepts =
        (bySurface ? synonyms.surface.get(words.slice(i, i + n).join(' ')) : undefined) ??
        (byStem ? synonyms.stems[lang].get(stems.slice(i, i + n).join(' ')) : undefined);
      for (const concept of concepts ?? []) addTerm(bag, `c:${concept}`, CONCEPT_WEIGHT);
    }
  }
}

/** Words that are neither known nor a synonym get replaced by the closest known word. */
function correctTypos(words: string[], ctx: AnalysisContext): string[] {
  const typos = ctx.typos;
  if (!typos) return words;
  return words.map((w) => (ctx.synonyms.surface.has(w) ? w : (typos.correct(w) ?? w)));
}

/** Unknown question words that are two known words glued ("shutdown") or two words that are one known word. */
function addCompoundEvidence(bag: TermBag, words: string[], lang: Lang, ctx: AnalysisContext): void {
  const query = ctx.typos !== undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (lang === 'de' || (query && !ctx.vocabulary.has(word))) {
      for (const part of splitCompoundCached(word, ctx.vocabulary)) {
        if (isStopWord(part, lang)) continue;
        addTerm(bag, `w:${stem(part, lang)}`, PART_WEIGHT);
        // "Kennwortänderung" is about the password: parts count as their synonym concepts.
        for (const concept of ctx.synonyms.surface.get(part) ?? []) addTerm(bag, `c:${concept}`, PART_WEIGHT);
      }
    }
    const next = words[i + 1];
    if (query && next !== undefined) {
      const joined = word + next;
      if (ctx.vocabulary.has(joined)) addTerm(bag, `w:${stem(joined, lang)}`, PART_WEIGHT);
    }
  }
}

/** Turn text into weighted terms: word stems, synonym concepts, compound parts and n-grams. */
export function analyze(text: string, lang: Lang, ctx: AnalysisContext, options: AnalyzeOptions): TermBag {
  const bag: TermBag = new Map();
  const cleaned = cleanText(text, options.maxChars);
  const tokens = tokenize(cleaned);
  const folded = tokens.words.map(foldDiacritics);
  const words = correctTypos(folded, ctx);
  addConcepts(bag, words, lang, ctx.synonyms);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (isStopWord(word, lang)) {
      if (STOP_WEIGHT > 0) addTerm(bag, `w:${word}`, STOP_WEIGHT);
      continue;
    }
    addTerm(bag, `w:${stem(word, lang)}`, 1);
    if (options.ngrams) addNgrams(bag, folded[i] ?? word);
  }
  for (const part of tokens.parts.map(foldDiacritics)) {
    if (!isStopWord(part, lang) && part.length > 1) addTerm(bag, `w:${stem(part, lang)}`, PART_WEIGHT);
  }
  addCompoundEvidence(bag, words, lang, ctx);
  return bag;
}

/** The folded words of a text, for building the vocabulary. */
export function vocabularyWords(text: string, maxChars?: number): string[] {
  const tokens = tokenize(cleanText(text, maxChars));
  return [...tokens.words, ...tokens.parts].map(foldDiacritics);
}
