/** One term's postings: which entries contain it and with what precomputed weight. */
export interface Postings {
  ids: Int32Array;
  weights: Float32Array;
}

/** Collects (term, id, weight) triples, then freezes them into compact typed arrays. */
export class PostingsBuilder {
  private readonly ids = new Map<string, number[]>();
  private readonly weights = new Map<string, number[]>();

  add(term: string, id: number, weight: number): void {
    const ids = this.ids.get(term);
    if (ids) {
      ids.push(id);
      this.weights.get(term)?.push(weight);
    } else {
      this.ids.set(term, [id]);
      this.weights.set(term, [weight]);
    }
  }

  /** Document frequency of a term so far. */
  count(term: string): number {
    return this.ids.get(term)?.length ?? 0;
  }

  terms(): IterableIterator<string> {
    return this.ids.keys();
  }

  /** Freeze, letting `scale` fold a per-term factor (e.g. idf) into every weight. */
  finish(scale: (term: string, df: number) => number): Map<string, Postings> {
    const out = new Map<string, Postings>();
    for (const [term, ids] of this.ids) {
      const factor = scale(term, ids.length);
      const weights = Float32Array.from(this.weights.get(term) ?? [], (w) => w * factor);
      out.set(term, { ids: Int32Array.from(ids), weights });
    }
    return out;
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
