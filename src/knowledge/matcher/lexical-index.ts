import type { Lang } from '../../i18n/languages';
import { analyze, type AnalysisContext, type TermBag } from './analyzer';
import { PostingsBuilder, type Postings } from './postings';
import type { MatchDocument } from './types';

// BM25F: a term in the title says more than the same term deep in the body.
// Fields with many words (examples, body) get full length normalisation, short ones little.
const FIELDS = [
  { name: 'title', weight: 3, b: 0.3, ngrams: true },
  { name: 'examples', weight: 2, b: 0.75, ngrams: true },
  { name: 'tags', weight: 2, b: 0.3, ngrams: true },
  { name: 'body', weight: 1, b: 0.75, ngrams: false },
] as const;
type FieldName = (typeof FIELDS)[number]['name'];
const K1 = 1.2;
const BODY_CHARS = 6000;
// On big collections, terms in more than this share of documents cost the most and decide the least.
const PRUNE_MIN_DOCS = 1000;
const PRUNE_SHARE = 0.25;

function bagLength(bag: TermBag): number {
  let sum = 0;
  for (const w of bag.values()) sum += w;
  return sum;
}

function analyzeFields(doc: MatchDocument, ctx: AnalysisContext): Record<FieldName, TermBag> {
  const lang = doc.language;
  return {
    title: analyze(doc.title, lang, ctx, { ngrams: true }),
    examples: analyze(doc.examples.join('\n'), lang, ctx, { ngrams: true, maxChars: BODY_CHARS }),
    tags: analyze(doc.tags.join(', '), lang, ctx, { ngrams: true }),
    body: analyze(doc.body, lang, ctx, { ngrams: false, maxChars: BODY_CHARS }),
  };
}

function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * BM25F over weighted fields, with per-posting saturated term weights precomputed at build
 * time so that a query only adds up numbers.
 */
export class LexicalIndex {
  private readonly postings: Map<string, Postings>;
  private readonly idf = new Map<string, number>();
  private readonly acc: Float64Array;
  private readonly unknownIdf: number;

  constructor(
    readonly docs: readonly MatchDocument[],
    private readonly ctx: AnalysisContext,
  ) {
    const analysed = docs.map((d) => analyzeFields(d, ctx));
    const avg = {} as Record<FieldName, number>;
    for (const f of FIELDS) {
      const total = analysed.reduce((s, a) => s + bagLength(a[f.name]), 0);
      avg[f.name] = Math.max(1e-6, total / Math.max(1, docs.length));
    }
    const builder = new PostingsBuilder();
    analysed.forEach((fields, docId) => addDocument(builder, docId, fields, avg));
    const n = docs.length;
    this.postings = builder.finish((term, df) => {
      this.idf.set(term, bm25Idf(n, df));
      return 1;
    });
    this.unknownIdf = bm25Idf(n, 0);
    this.acc = new Float64Array(n);
  }

  analyzeQuery(text: string, lang: Lang, typos: AnalysisContext['typos']): TermBag {
    return analyze(text, lang, { ...this.ctx, typos }, { ngrams: true });
  }

  /**
   * Score the documents sharing a term with the query, normalised by the best score the
   * query could reach (every term saturated), so scores lie in [0,1). Returns the touched
   * ids and a shared array that the caller must zero for those ids after use.
   */
  score(query: TermBag): { touched: number[]; scores: Float64Array } {
    const touched: number[] = [];
    const acc = this.acc;
    const n = this.docs.length;
    let bound = 0;
    for (const [t, qw] of query) {
      const idf = this.idf.get(t);
      bound += qw * (idf ?? this.unknownIdf);
      const p = this.postings.get(t);
      if (!p || idf === undefined || (n >= PRUNE_MIN_DOCS && p.ids.length > PRUNE_SHARE * n)) continue;
      const factor = qw * idf;
      for (let i = 0; i < p.ids.length; i++) {
        const d = p.ids[i] ?? 0;
        if (acc[d] === 0) touched.push(d);
        acc[d] = (acc[d] ?? 0) + factor * (p.weights[i] ?? 0);
      }
    }
    if (bound > 0) for (const d of touched) acc[d] = (acc[d] ?? 0) / bound;
    return { touched, scores: acc };
  }
}

function addDocument(
  builder: PostingsBuilder,
  docId: number,
  fields: Record<FieldName, TermBag>,
  avg: Record<FieldName, number>,
): void {
  const pseudo: TermBag = new Map();
  for (const f of FIELDS) {
    const bag = fields[f.name];
    const norm = 1 - f.b + (f.b * bagLength(bag)) / avg[f.name];
    for (const [t, w] of bag) pseudo.set(t, (pseudo.get(t) ?? 0) + (f.weight * w) / norm);
  }
  for (const [t, tf] of pseudo) builder.add(t, docId, tf / (K1 + tf));
}
