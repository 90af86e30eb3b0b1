import type { Lang } from '../../i18n/languages';
import { foldedTokens, tokenize, cleanText, foldDiacritics } from './normalize';
import { SparseVector } from './sparse-vector';
import { TermAnalyzer, type AnalysisContext } from './term-analyzer';

export type { AnalysisContext } from './term-analyzer';

/** Term → weight (a weighted term frequency). Prefixes keep the term kinds apart. */
export type TermBag = Map<string, number>;

export interface AnalyzeOptions {
  /** Add character n-grams (typo and inflection tolerance); off for long article bodies. */
  ngrams: boolean;
  /** Characters to look at; the rest is ignored. */
  maxChars?: number;
}

/**
 * Turn text into weighted terms: word stems, synonym concepts, compound parts and n-grams, as
 * readable strings. The index uses TermAnalyzer directly (integer ids, cached per word); this
 * is the same analysis for inspection and tests.
 */
export function analyze(text: string, lang: Lang, ctx: AnalysisContext, options: AnalyzeOptions): TermBag {
  const analyzer = new TermAnalyzer(ctx);
  const vector = new SparseVector();
  analyzer.addTokens(
    foldedTokens(text, options.maxChars),
    lang,
    { ngrams: options.ngrams, query: ctx.typos !== undefined },
    vector,
  );
  const bag: TermBag = new Map();
  for (const id of vector.ids) bag.set(analyzer.space.terms[id] ?? '', vector.get(id));
  return bag;
}

/** The folded words of a text, for building the vocabulary. */
export function vocabularyWords(text: string, maxChars?: number): string[] {
  const tokens = tokenize(cleanText(text, maxChars));
  return [...tokens.words, ...tokens.parts].map(foldDiacritics);
}
