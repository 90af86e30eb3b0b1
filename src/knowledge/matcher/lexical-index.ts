import type { Lang } from '../../i18n/languages';
import type { WordTable } from './corpus';
import { PostingsBuilder, type Postings } from './postings';
import { SparseVector } from './sparse-vector';
import type { IdTokens, TermAnalyzer } from './term-analyzer';

// BM25F: a term in the title says more than the same term deep in the body.
// Fields with many words (examples, body) get full length normalisation, short ones little.
// Character n-grams only for the short fields: on the examples they cost most of the index and,
// measured by cross-validation on the examples, made ranking slightly worse. The classifier does
// not see the n-grams that only examples hold either: its feature weights are this index's idf,
// which has none for them (weight 0). Giving them an idf from the examples was measured on the
// tuning data (2026-12-07): dev questions and Chatbot/WebApplications unchanged, CLINC150
// episodes 91.10 -> 90.96 %, HWU64 79.96 -> 79.76 %, so they stay out.
const FIELDS = [
  { name: 'title', weight: 3, b: 0.3, ngrams: true },
  { name: 'examples', weight: 2, b: 0.75, ngrams: false },
  { name: 'tags', weight: 2, b: 0.3, ngrams: true },
  { name: 'body', weight: 1, b: 0.75, ngrams: false },
] as const;
export type FieldName = (typeof FIELDS)[number]['name'];
const K1 = 1.2;
// On big collections, terms in more than this share of documents cost the most and decide the least.
const PRUNE_MIN_DOCS = 1000;
const PRUNE_SHARE = 0.25;
const AVERAGE_SAMPLE = 1000;
/**
 * How strongly a term known only from article bodies counts as evidence that a question is
 * about the collection (see Evidence in term-analyzer.ts): bodies mention many incidental words.
 */
const BODY_EVIDENCE = 0.5;

/** A document's fields, already tokenised and folded. */
export type FieldTokens = Record<FieldName, IdTokens> & { language: Lang };

function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * BM25F over weighted fields, with per-posting saturated term weights precomputed at build
 * time so that a query only adds up numbers.
 */
export class LexicalIndex {
  private readonly postings: Postings;
  readonly idf: Float64Array;
  /** Per term: 1 when it occurs in a title, example or tag, BODY_EVIDENCE when only in bodies. */
  readonly strength: Float32Array;
  private readonly acc: Float64Array;
  private readonly unknownIdf: number;
  private readonly pruneDf: number;

  constructor(
    readonly size: number,
    fields: readonly FieldTokens[],
    table: WordTable,
    private readonly analyzer: TermAnalyzer,
  ) {
    const field = new SparseVector(1 << 16);
    const pseudo = new SparseVector(1 << 16);
    const avg = this.averageLengths(fields, table, field);
    const builder = new PostingsBuilder();
    const strength: number[] = [];
    fields.forEach((doc, docId) => {
      FIELDS.forEach((f, i) => {
        analyzer.addIds(doc[f.name], table, doc.language, { ngrams: f.ngrams, query: false }, field);
        const norm = 1 - f.b + (f.b * field.total()) / (avg[i] ?? 1);
        const evidence = f.name === 'body' ? BODY_EVIDENCE : 1;
        for (let k = 0; k < field.ids.length; k++) {
          const t = field.ids[k] ?? 0;
          pseudo.add(t, (f.weight * field.get(t)) / norm);
          while (strength.length <= t) strength.push(0);
          if ((strength[t] ?? 0) < evidence) strength[t] = evidence;
        }
        field.clear();
      });
      for (let k = 0; k < pseudo.ids.length; k++) {
        const t = pseudo.ids[k] ?? 0;
        const tf = pseudo.get(t);
        builder.add(t, docId, tf / (K1 + tf));
      }
      pseudo.clear();
    });
    const terms = analyzer.space.size;
    this.postings = builder.finish(terms);
    this.strength = new Float32Array(terms);
    this.strength.set(strength.slice(0, terms));
    this.idf = new Float64Array(terms);
    const offsets = this.postings.offsets;
    for (let t = 0; t < terms; t++) this.idf[t] = bm25Idf(size, (offsets[t + 1] ?? 0) - (offsets[t] ?? 0));
    this.unknownIdf = bm25Idf(size, 0);
    this.pruneDf = size >= PRUNE_MIN_DOCS ? PRUNE_SHARE * size : Infinity;
    this.acc = new Float64Array(size);
  }

  /**
   * Mean analysed length of each field. Exact up to AVERAGE_SAMPLE documents; beyond, from an
   * evenly spread sample of them, so that indexing analyses each document once (plus the sample).
   */
  private averageLengths(fields: readonly FieldTokens[], table: WordTable, scratch: SparseVector): number[] {
    const stride = Math.max(1, Math.ceil(fields.length / AVERAGE_SAMPLE));
    const totals = FIELDS.map(() => 0);
    let count = 0;
    for (let d = 0; d < fields.length; d += stride) {
      const doc = fields[d];
      if (!doc) continue;
      count++;
      FIELDS.forEach((f, i) => {
        this.analyzer.addIds(doc[f.name], table, doc.language, { ngrams: f.ngrams, query: false }, scratch);
        totals[i] = (totals[i] ?? 0) + scratch.total();
        scratch.clear();
      });
    }
    return totals.map((t) => Math.max(1e-6, t / Math.max(1, count)));
  }

  /**
   * Score the documents sharing a term with the query, normalised by the best score the
   * query could reach (every term saturated), so scores lie in [0,1). Returns the touched
   * ids and a shared array that the caller must zero for those ids after use.
   */
  score(query: SparseVector): { touched: number[]; scores: Float64Array } {
    const touched: number[] = [];
    const acc = this.acc;
    const { offsets, docs, weights } = this.postings;
    let bound = query.unknown * this.unknownIdf;
    for (let k = 0; k < query.ids.length; k++) {
      const t = query.ids[k] ?? 0;
      const qw = query.get(t);
      const idf = this.idf[t] ?? 0;
      bound += qw * idf;
      const from = offsets[t] ?? 0;
      const to = offsets[t + 1] ?? 0;
      if (to - from > this.pruneDf) continue;
      const factor = qw * idf;
      for (let i = from; i < to; i++) {
        const d = docs[i] ?? 0;
        if (acc[d] === 0) touched.push(d);
        acc[d] = (acc[d] ?? 0) + factor * (weights[i] ?? 0);
      }
    }
    if (bound > 0)
      for (let k = 0; k < touched.length; k++) {
        const d = touched[k] ?? 0;
        acc[d] = (acc[d] ?? 0) / bound;
      }
    return { touched, scores: acc };
  }
}
