import type { Lang } from '../../i18n/languages';
import { calibratedConfidence, relativeMargin } from './confidence';
import { ClauseReader } from './clauses';
import { EmbeddingCache, type Ranked } from './hybrid';
import { detectLanguage, type Lexicon } from './language-detect';
import { LexicalIndex } from './lexical-index';
import { kindFactor, RequestCues, type TextKind } from './request-cues';
import { foldedTokens, type Tokens } from './normalize';
import { SparseVector } from './sparse-vector';
import { TermAnalyzer, type Evidence } from './term-analyzer';
import { genericWordsOf } from './generic-words';
import { stopWordsOf } from './stop-words';
import type { WordLists } from '../../words';
import { tokenizeCorpus } from './corpus';
import { topK } from './postings';
import { buildSynonymTable, type SynonymGroup, type SynonymTable } from './synonyms';
import { TypoIndex } from './typo-index';
import type { ClassifierOptions } from './classifier';
import { classifierWeightFor, trainDocumentClassifier, type DocumentClassifier } from './document-classifier';
import type { MatchDocument, MatcherOptions, MatchOptions, MatchResponse, MatchResult } from './types';
import type { Logger } from '../../logging';

// From the calibration data (see confidence.ts): at 0.7 and above the top result was right 98 %
// of the time, between 0.35 and 0.7 about half the time (worth a clarifying question), below
// 0.35 only 14 %, so offering it would mislead.
export const DEFAULT_ANSWER_THRESHOLD = 0.7;
export const DEFAULT_CLARIFY_THRESHOLD = 0.35;
/** A document in another language than the question's must be clearly better to win. */
const CROSS_LINGUAL_FACTOR = 0.8;
/**
 * Least evidence (see Evidence: one content word known from a title, example or tag, or two
 * weaker ones) for any decision but "none". Keyboard mashing, a greeting or a word in a language
 * the collection does not speak explains nothing, however the scores happen to fall.
 */
export const MIN_EVIDENCE = 1;
const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 50;
/** Words of a question that are analysed; a pasted log cannot make matching slow. */
const MAX_QUERY_WORDS = 64;

export interface BuildOptions extends MatcherOptions {
  /** CONTENT_DIR/synonyms (from the content loader; tools and tests pass what they loaded). */
  synonyms: readonly SynonymGroup[];
  /** Word lists (content/words: stop words per language) instead of the shipped ones. */
  words?: WordLists;
  /** Share of the learned classifier in the score (0 = BM25F only); for tuning. */
  classifierWeight?: number;
  classifier?: Partial<ClassifierOptions>;
}

/**
 * The one matcher for articles, flows and intents. Ranking = BM25F over title, examples, tags and
 * body (stems, synonym concepts, compound parts; character n-grams on the short fields) blended
 * with a softmax classifier trained at build time on the documents' examples, titles and tags
 * (classes = documents across languages). The classifier learns which terms separate documents,
 * which BM25 cannot; it is skipped for collections too large to train within the build budget.
 */
export class Matcher {
  private readonly answerThreshold: number;
  /** Confidence from which a result is worth a "did you mean?" (MATCH_CLARIFY_THRESHOLD). */
  readonly clarifyThreshold: number;
  /** Highest confidence for a message that names no topic: halfway between the two thresholds. */
  private readonly unnamedTopicCeiling: number;
  private readonly embeddings?: EmbeddingCache;
  private readonly lexicon: Lexicon;
  private readonly logger?: Pick<Logger, 'error' | 'warn'>;

  private readonly query: SparseVector;
  private readonly clausePart: SparseVector;
  private readonly clauses: ClauseReader;
  private readonly cues: RequestCues;
  /** Per document: how its examples lean between requests and faults (see request-cues.ts). */
  private readonly leanings: Float32Array;
  private readonly classifierWeight: number;

  private constructor(
    readonly docs: readonly MatchDocument[],
    private readonly index: LexicalIndex,
    private readonly analyzer: TermAnalyzer,
    languagesOfWord: ReadonlyMap<string, readonly Lang[]>,
    options: BuildOptions,
    private readonly learned?: DocumentClassifier,
  ) {
    this.classifierWeight = options.classifierWeight ?? classifierWeightFor(docs);
    this.answerThreshold = options.answerThreshold ?? DEFAULT_ANSWER_THRESHOLD;
    this.clarifyThreshold = Math.min(
      options.clarifyThreshold ?? DEFAULT_CLARIFY_THRESHOLD,
      this.answerThreshold,
    );
    this.unnamedTopicCeiling = (this.clarifyThreshold + this.answerThreshold) / 2;
    this.embeddings = options.embeddings ? new EmbeddingCache(options.embeddings) : undefined;
    this.lexicon = (word) => languagesOfWord.get(word);
    this.logger = options.logger;
    this.query = new SparseVector(analyzer.space.size);
    this.clausePart = new SparseVector(analyzer.space.size);
    this.clauses = new ClauseReader(options.words);
    this.cues = new RequestCues(options.words);
    this.leanings = this.cues.leanings(docs);
  }

  static build(docs: MatchDocument[], options: BuildOptions): Matcher {
    const synonyms: SynonymTable = buildSynonymTable(options.synonyms);
    const corpus = tokenizeCorpus(docs);
    const frequency = corpus.table.frequency();
    for (const phrase of synonyms.surface.keys())
      for (const w of phrase.split(' ')) if (!frequency.has(w)) frequency.set(w, 1);
    const typos = new TypoIndex(frequency);
    const analyzer = new TermAnalyzer({
      synonyms,
      vocabulary: new Set(frequency.keys()),
      typos,
      stopWords: stopWordsOf(options.words),
      genericWords: genericWordsOf(options.words),
    });
    const index = new LexicalIndex(docs.length, corpus.fields, corpus.table, analyzer);
    const learned = trainDocumentClassifier(docs, corpus, analyzer, index.idf, options);
    analyzer.space.frozen = true;
    analyzer.strength = index.strength;
    return new Matcher(docs, index, analyzer, corpus.table.languagesOfWords(), options, learned);
  }

  get size(): number {
    return this.docs.length;
  }

  match(text: string, options: MatchOptions = {}): MatchResponse {
    return this.inspect(text, options).response;
  }

  /** match() plus the evidence behind its decision; for calibration and diagnostics. */
  inspect(text: string, options: MatchOptions = {}): { response: MatchResponse; evidence: Evidence } {
    const fallback: Lang = options.language ?? 'en';
    const limit = resultLimit(options.limit);
    const none: Evidence = { explained: 0, content: 0, topical: 0 };
    if (typeof text !== 'string')
      return { response: this.respond(fallback, [], limit, none), evidence: none };
    try {
      const language = options.detectedLanguage ?? this.detectLanguage(text, fallback);
      const { ranked, evidence } = this.rank(text, language, limit);
      return { response: this.respond(language, ranked, limit, evidence), evidence };
    } catch (err) {
      // A bug, not a question without an answer: saying "no answer" would hide it from everyone.
      // The caller's turn fails and the user gets the generic error instead.
      this.logger?.error({ err, chars: text.length }, 'matcher failed');
      throw err;
    }
  }

  /**
   * The language the matcher reads a message in: script letters, function words and the indexed
   * vocabulary vote, without ranking anything (a turn detects once and passes it to match()).
   */
  detectLanguage(text: string, fallback: Lang): Lang {
    return detectLanguage(text, fallback, this.lexicon, this.analyzer.ctx.stopWords);
  }

  /**
   * Whether a message in `language` asks for something or reports a fault (content/words,
   * `matching`), as the ranking reads it; the dialogs ask before they match, so it reads once.
   */
  textKind(text: string, language: Lang): TextKind {
    return this.cues.kind(text, language);
  }

  /**
   * match() reranked with embeddings when they are configured. The message is ranked once: the
   * embeddings rerank the lexical top ten, and without them (or when they fail) the lexical
   * ranking answers, cut to the limit asked for.
   */
  async matchHybrid(text: string, options: MatchOptions = {}): Promise<MatchResponse> {
    if (!this.embeddings) return this.match(text, options);
    const limit = resultLimit(options.limit);
    const { response: lexical, evidence } = this.inspect(text, { ...options, limit: Math.max(limit, 10) });
    // The top results and the decision do not depend on how many more were ranked after them.
    const cut = (): MatchResponse => ({ ...lexical, results: lexical.results.slice(0, limit) });
    if (lexical.results.length === 0) return cut();
    try {
      const ranked = await this.embeddings.rerank(text, lexical.results, (r) => this.docFor(r));
      return this.respond(lexical.language, ranked, limit, evidence);
    } catch (err) {
      // The embeddings endpoint is another service that can be down: lexical ranking still answers.
      this.logger?.warn({ err }, 'embedding re-ranking failed; answering from lexical ranking');
      return cut();
    }
  }

  private docFor(result: MatchResult): MatchDocument | undefined {
    return this.docs.find(
      (d) => d.kind === result.kind && d.id === result.id && d.language === result.language,
    );
  }

  /** Best version of each (kind,id), preferring the question's language. */
  private rank(text: string, language: Lang, limit: number): { ranked: Ranked[]; evidence: Evidence } {
    const query = this.query;
    query.clear();
    const evidence = this.analyze(text, language, query);
    if (query.ids.length === 0 && query.unknown === 0) return { ranked: [], evidence };
    const { touched, scores } = this.index.score(query);
    if (this.learned && this.classifierWeight > 0)
      this.learned.blend(query, this.classifierWeight, touched, scores);
    for (const d of touched) {
      if (this.docs[d]?.language !== language) scores[d] = (scores[d] ?? 0) * CROSS_LINGUAL_FACTOR;
    }
    const kind = this.cues.kind(text, language);
    const cued = kind.request !== kind.fault;
    const factor = (d: number): number => (cued ? kindFactor(kind, this.leanings[d] ?? 0) : 1);
    if (cued) for (const d of touched) scores[d] = (scores[d] ?? 0) * factor(d);
    // Up to four language versions per (kind,id), so look at enough candidates to fill the limit.
    const best = topK(touched, scores, (limit + 1) * 4);
    const seen = new Set<string>();
    const ranked: Ranked[] = [];
    for (const d of best) {
      const doc = this.docs[d];
      const score = scores[d] ?? 0;
      if (!doc || score <= 0) continue;
      const key = `${doc.kind}\u0000${doc.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ranked.push({ doc, score, plain: score / factor(d) });
    }
    for (const d of touched) scores[d] = 0;
    return { ranked: ranked.slice(0, limit + 1), evidence };
  }

  /** The question's terms, each clause's weighted as ClauseReader says (see clauses.ts). */
  private analyze(text: string, language: Lang, query: SparseVector): Evidence {
    const options = { ngrams: true, query: true };
    const clauses = this.clauses.read(text, language);
    if (!clauses)
      return this.analyzer.addTokens(capped(foldedTokens(text), MAX_QUERY_WORDS), language, options, query);
    const evidence: Evidence = { explained: 0, content: 0, topical: 0 };
    const part = this.clausePart;
    let budget = MAX_QUERY_WORDS;
    for (const clause of clauses) {
      if (budget <= 0) break;
      const tokens = capped(clause.tokens, budget);
      budget -= tokens.words.length;
      part.clear();
      const found = this.analyzer.addTokens(tokens, language, options, part);
      evidence.explained += found.explained;
      evidence.content += found.content;
      evidence.topical += found.topical;
      query.addScaled(part, clause.weight);
    }
    part.clear();
    return evidence;
  }

  private respond(language: Lang, ranked: Ranked[], limit: number, evidence: Evidence): MatchResponse {
    const coverage = evidence.content > 0 ? evidence.explained / evidence.content : 0;
    const enough = evidence.explained >= MIN_EVIDENCE;
    // "es geht nicht", "nie działa", "nu merge": the only known word says that something is
    // broken, not what. Topics whose examples use that verb score well on it, but the message
    // names none of them: it is worth a clarifying question at most, never an answer.
    const ceiling = evidence.topical >= MIN_EVIDENCE ? 1 : this.unnamedTopicCeiling;
    const results: MatchResult[] = ranked.slice(0, limit).map(({ doc, score, plain }, i) => {
      // The competitor is the best result of another topic: a flow and an article of one topic
      // lead to the same help, so their closeness is no doubt about the answer. Without this, a
      // growing knowledge base (one flow and one article per topic) turned sure answers into
      // clarifying questions. Certainty is judged on the scores before the request/fault cue:
      // the kind of sentence may order two neighbours, but "connection problem" is no surer an
      // answer for being a fault report.
      const sure = plain ?? score;
      const competitor = Math.max(
        0,
        ...ranked.filter((r, j) => j !== i && r.doc.topic !== doc.topic).map((r) => r.plain ?? r.score),
      );
      return {
        kind: doc.kind,
        id: doc.id,
        topic: doc.topic,
        title: doc.title,
        language: doc.language,
        score: round(score),
        confidence: enough
          ? round(Math.min(ceiling, calibratedConfidence(sure, relativeMargin(sure, competitor), coverage)))
          : 0,
      };
    });
    const top = results[0];
    const confidence = top?.confidence ?? 0;
    // The request/fault cue may put first a result whose plain score is not the best ("I need a
    // second monitor": the equipment request before the monitor fault), which leaves it unsure.
    // A sure result just behind it still makes "which of these?" worth asking, not "no answer".
    const nextBest = Math.max(0, ...results.slice(1, CLARIFY_REACH).map((r) => r.confidence));
    const decision =
      confidence >= this.answerThreshold
        ? 'answer'
        : Math.max(confidence, nextBest) >= this.clarifyThreshold
          ? 'clarify'
          : 'none';
    return {
      language,
      decision,
      crossLingual: top !== undefined && top.language !== language,
      results,
      ...(ceiling < 1 && results.length > 0 ? { namesTopic: false as const } : {}),
    };
  }
}

/** How many results a "which of these?" may be decided by (the question shows up to three). */
const CLARIFY_REACH = 3;

/** The first `max` words (and hyphen pieces): a pasted log cannot make matching slow. */
function capped(tokens: Tokens, max: number): Tokens {
  tokens.words.length = Math.min(tokens.words.length, max);
  tokens.parts.length = Math.min(tokens.parts.length, max);
  return tokens;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function resultLimit(asked: number | undefined): number {
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(asked ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
}
