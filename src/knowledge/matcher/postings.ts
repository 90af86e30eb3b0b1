/**
 * Inverted lists in compressed-row form: the documents containing term t are
 * docs[offsets[t] .. offsets[t+1]), with their precomputed weights alongside.
 */
export interface Postings {
  offsets: Int32Array;
  docs: Int32Array;
  weights: Float32Array;
}

/** Collects (term, doc, weight) triples in typed arrays, then sorts them by term once. */
export class PostingsBuilder {
  private terms = new Int32Array(1 << 16);
  private docs = new Int32Array(1 << 16);
  private weights = new Float32Array(1 << 16);
  private length = 0;

  add(term: number, doc: number, weight: number): void {
    if (this.length === this.terms.length) this.grow();
    this.terms[this.length] = term;
    this.docs[this.length] = doc;
    this.weights[this.length] = weight;
    this.length++;
  }

  /** Counting sort by term; documents stay in insertion order within a term. */
  finish(termCount: number): Postings {
    const offsets = new Int32Array(termCount + 1);
    for (let i = 0; i < this.length; i++) {
      const slot = (this.terms[i] ?? 0) + 1;
      offsets[slot] = (offsets[slot] ?? 0) + 1;
    }
    for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] ?? 0) + (offsets[t] ?? 0);
    const next = offsets.slice(0, termCount);
    const docs = new Int32Array(this.length);
    const weights = new Float32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const t = this.terms[i] ?? 0;
      const at = next[t] ?? 0;
      docs[at] = this.docs[i] ?? 0;
      weights[at] = this.weights[i] ?? 0;
      next[t] = at + 1;
    }
    return { offsets, docs, weights };
  }

  private grow(): void {
    const size = this.terms.length * 2;
    const terms = new Int32Array(size);
    const docs = new Int32Array(size);
    const weights = new Float32Array(size);
    terms.set(this.terms);
    docs.set(this.docs);
    weights.set(this.weights);
    this.terms = terms;
    this.docs = docs;
    this.weights = weights;
  }
}

/** Indices of the k largest values among `candidates`, best first. */
export function topK(candidates: readonly number[], scores: Float64Array, k: number): number[] {
  const best: number[] = [];
  for (const id of candidates) {
    const score = scores[id] ?? 0;
    if (best.length === k && score <= (scores[best[k - 1] ?? 0] ?? 0)) continue;
    let pos = best.length < k ? best.length : k - 1;
    while (pos > 0 && (scores[best[pos - 1] ?? 0] ?? 0) < score) pos--;
    best.splice(pos, 0, id);
    if (best.length > k) best.pop();
  }
  return best;
}
