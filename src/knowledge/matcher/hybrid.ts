import type { EmbeddingProvider, MatchDocument, MatchResult } from './types';

export interface Ranked {
  doc: MatchDocument;
  score: number;
  /** The score before the request/fault cue, which orders near ties but adds no certainty. */
  plain?: number;
}

/** Share of the embedding similarity in a hybrid score; the lexical score keeps the rest. */
const EMBEDDING_SHARE = 0.4;
const MAX_EMBED_CHARS = 2000;

function docText(doc: MatchDocument): string {
  return [doc.title, ...doc.examples].join('\n').slice(0, MAX_EMBED_CHARS);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Document vectors are computed once, on first use, only for documents that reach a rerank. */
export class EmbeddingCache {
  private readonly vectors = new Map<MatchDocument, number[]>();

  constructor(private readonly provider: EmbeddingProvider) {}

  async rerank(
    text: string,
    results: readonly MatchResult[],
    docFor: (r: MatchResult) => MatchDocument | undefined,
  ): Promise<Ranked[]> {
    const candidates = results.flatMap((r) => {
      const doc = docFor(r);
      return doc ? [{ doc, score: r.score }] : [];
    });
    const missing = candidates.filter((c) => !this.vectors.has(c.doc)).map((c) => c.doc);
    const vectors = await this.provider.embed([text.slice(0, MAX_EMBED_CHARS), ...missing.map(docText)]);
    if (vectors.length !== missing.length + 1)
      throw new Error('embedding provider returned the wrong number of vectors');
    missing.forEach((doc, i) => this.vectors.set(doc, vectors[i + 1] ?? []));
    const query = vectors[0] ?? [];
    const reranked = candidates.map(({ doc, score }) => ({
      doc,
      score:
        (1 - EMBEDDING_SHARE) * score +
        EMBEDDING_SHARE * Math.max(0, cosine(query, this.vectors.get(doc) ?? [])),
    }));
    return reranked.sort((a, b) => b.score - a.score);
  }
}
