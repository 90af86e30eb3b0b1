import type { Lang } from '../../i18n/languages';
import { vocabularyWords } from './analyzer';
import { calibratedConfidence, relativeMargin } from './confidence';
import { EmbeddingCache, type Ranked } from './hybrid';
import { detectLanguage, type Lexicon } from './language-detect';
import { LexicalIndex } from './lexical-index';
import { topK } from './postings';
import { buildSynonymTable, defaultSynonymTable, type SynonymGroup, type SynonymTable } from './synonyms';
import { TypoIndex } from './typo-index';
import type { MatchDocument, MatcherOptions, MatchOptions, MatchResponse, MatchResult } from './types';

// From the reliability table (see confidence.ts): above 0.7 the top result is right about
// 9 times in 10; below 0.35 it is mostly wrong, so offering it would mislead.
export const DEFAULT_ANSWER_THRESHOLD = 0.7;
export const DEFAULT_CLARIFY_THRESHOLD = 0.35;
/** A document in another language than the question's must be clearly better to win. */
const CROSS_LINGUAL_FACTOR = 0.8;
const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;

export interface BuildOptions extends MatcherOptions {
  /** Synonym groups to use instead of the shipped content/synonyms. */
  synonyms?: readonly SynonymGroup[];
}

export class Matcher {
  private readonly answerThreshold: number;
  private readonly clarifyThreshold: number;
  private readonly embeddings?: EmbeddingCache;
  private readonly lexicon: Lexicon;

  private constructor(
    private readonly index: LexicalIndex,
    private readonly typos: TypoIndex,
    languagesOfWord: Map<string, Lang[]>,
    options: MatcherOptions,
  ) {
    this.answerThreshold = options.answerThreshold ?? DEFAULT_ANSWER_THRESHOLD;
    this.clarifyThreshold = Math.min(
      options.clarifyThreshold ?? DEFAULT_CLARIFY_THRESHOLD,
      this.answerThreshold,
    );
    this.embeddings = options.embeddings ? new EmbeddingCache(options.embeddings) : undefined;
    this.lexicon = (word) => languagesOfWord.get(word);
  }

  static build(docs: MatchDocument[], options: BuildOptions = {}): Matcher {
    const synonyms: SynonymTable = options.synonyms
      ? buildSynonymTable(options.synonyms)
      : defaultSynonymTable();
    const frequency = new Map<string, number>();
    const languagesOfWord = new Map<string, Lang[]>();
    for (const doc of docs) {
      for (const text of [doc.title, ...doc.examples, doc.tags.join(' '), doc.body]) {
        for (const word of vocabularyWords(text, 6000)) {
          frequency.set(word, (frequency.get(word) ?? 0) + 1);
          const langs = languagesOfWord.get(word);
          if (!langs) languagesOfWord.set(word, [doc.language]);
          else if (!langs.includes(doc.language)) langs.push(doc.language);
        }
      }
    }
    for (const phrase of synonyms.surface.keys())
      for (const w of phrase.split(' ')) if (!frequency.has(w)) frequency.set(w, 1);
    const index = new LexicalIndex(docs, { synonyms, vocabulary: new Set(frequency.keys()) });
    return new Matcher(index, new TypoIndex(frequency), languagesOfWord, options);
  }

  get size(): number {
    return this.index.docs.length;
  }

  match(text: string, options: MatchOptions = {}): MatchResponse {
    const fallback: Lang = options.language ?? 'en';
    const limit = Math.max(
      1,
      Math.min(MAX_LIMIT, Math.floor(options.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT),
    );
    if (typeof text !== 'string') return this.respond(fallback, [], limit);
    try {
      const language = detectLanguage(text, fallback, this.lexicon);
      return this.respond(language, this.rank(text, language, limit), limit);
    } catch {
      // Matching must never break a conversation; an unexpected failure means "no answer".
      return this.respond(fallback, [], limit);
    }
  }

  async matchHybrid(text: string, options: MatchOptions = {}): Promise<MatchResponse> {
    const lexical = this.match(text, { ...options, limit: Math.max(options.limit ?? DEFAULT_LIMIT, 10) });
    if (!this.embeddings || lexical.results.length === 0) return this.match(text, options);
    try {
      const ranked = await this.embeddings.rerank(text, lexical.results, (r) => this.docFor(r));
      return this.respond(lexical.language, ranked, options.limit ?? DEFAULT_LIMIT);
    } catch {
      return this.match(text, options);
    }
  }

  private docFor(result: MatchResult): MatchDocument | undefined {
    return this.index.docs.find(
      (d) => d.kind === result.kind && d.id === result.id && d.language === result.language,
    );
  }

  /** Best version of each (kind,id), preferring the question's language. */
  private rank(text: string, language: Lang, limit: number): Ranked[] {
    const query = this.index.analyzeQuery(text, language, this.typos);
    if (query.size === 0) return [];
    const { touched, scores } = this.index.score(query);
    for (const d of touched) {
      if (this.index.docs[d]?.language !== language) scores[d] = (scores[d] ?? 0) * CROSS_LINGUAL_FACTOR;
    }
    // Up to four language versions per (kind,id), so look at enough candidates to fill the limit.
    const best = topK(touched, scores, (limit + 1) * 4);
    const seen = new Set<string>();
    const ranked: Ranked[] = [];
    for (const d of best) {
      const doc = this.index.docs[d];
      const score = scores[d] ?? 0;
      if (!doc || score <= 0) continue;
      const key = `${doc.kind}\u0000${doc.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ranked.push({ doc, score });
    }
    for (const d of touched) scores[d] = 0;
    return ranked.slice(0, limit + 1);
  }

  private respond(language: Lang, ranked: Ranked[], limit: number): MatchResponse {
    const results: MatchResult[] = ranked.slice(0, limit).map(({ doc, score }, i) => {
      const competitor = i === 0 ? (ranked[1]?.score ?? 0) : (ranked[0]?.score ?? 0);
      return {
        kind: doc.kind,
        id: doc.id,
        topic: doc.topic,
        title: doc.title,
        language: doc.language,
        score: round(score),
        confidence: round(calibratedConfidence(score, relativeMargin(score, competitor))),
      };
    });
    const top = results[0];
    const confidence = top?.confidence ?? 0;
    const decision =
      confidence >= this.answerThreshold
        ? 'answer'
        : confidence >= this.clarifyThreshold
          ? 'clarify'
          : 'none';
    return { language, decision, crossLingual: top !== undefined && top.language !== language, results };
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
