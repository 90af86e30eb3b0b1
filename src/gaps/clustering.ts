import type { TermBag } from './gap-terms';

/** Unit-length TF-IDF vectors: a feature most questions share says little about any of them. */
export function tfidfVectors(bags: readonly TermBag[]): Map<string, number>[] {
  const documentFrequency = new Map<string, number>();
  for (const bag of bags)
    for (const key of bag.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  return bags.map((bag) => {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [key, weight] of bag) {
      const idf = Math.log(1 + bags.length / (documentFrequency.get(key) ?? 1));
      const value = weight * idf;
      vector.set(key, value);
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [key, value] of vector) vector.set(key, value / norm);
    return vector;
  });
}

/** Cosine of two unit-length sparse vectors. */
export function sparseCosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, value] of small) dot += value * (large.get(key) ?? 0);
  return dot;
}

/** Cosine of two dense vectors of any length. */
export function denseCosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Pairwise similarity of n questions (a flat n×n matrix): the lexical cosine, raised by the
 * embeddings' cosine when there are embeddings. Embedding models give unrelated texts a cosine
 * well above zero (how far depends on the model), so theirs is rescaled from the set's median
 * pair (0) to identity (1) first, and then both speak the same scale.
 */
export function similarityMatrix(
  vectors: readonly Map<string, number>[],
  embeddings?: readonly (readonly number[])[],
): Float64Array {
  const n = vectors.length;
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    sim[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) sim[i * n + j] = sim[j * n + i] = sparseCosine(vectors[i]!, vectors[j]!);
  }
  if (!embeddings || embeddings.length !== n || n < 2) return sim;
  const dense = new Float64Array(n * n);
  const pairs: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const value = denseCosine(embeddings[i]!, embeddings[j]!);
      dense[i * n + j] = value;
      pairs.push(value);
    }
  pairs.sort((a, b) => a - b);
  const baseline = Math.min(pairs[Math.floor(pairs.length / 2)]!, 0.99);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const scaled = Math.max(0, (dense[i * n + j]! - baseline) / (1 - baseline));
      if (scaled > sim[i * n + j]!) sim[i * n + j] = sim[j * n + i] = scaled;
    }
  return sim;
}

/**
 * Average-linkage agglomerative clustering: the two most similar groups merge (their similarity
 * is the mean over their members' pairs) until no two groups are more similar than `threshold`.
 * Each row keeps its best partner, so a merge costs O(n) most of the time, not O(n²).
 * Returns the groups as lists of indexes, each sorted, largest group first.
 */
export function agglomerate(sim: Float64Array, n: number, threshold: number): number[][] {
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const active = new Uint8Array(n).fill(1);
  const best = new Int32Array(n).fill(-1);
  const s = Float64Array.from(sim);
  const bestOf = (i: number): number => {
    let found = -1;
    for (let j = 0; j < n; j++)
      if (j !== i && active[j] && (found < 0 || s[i * n + j]! > s[i * n + found]!)) found = j;
    return found;
  };
  for (let i = 0; i < n; i++) best[i] = bestOf(i);
  for (;;) {
    let a = -1;
    for (let i = 0; i < n; i++)
      if (active[i] && best[i]! >= 0 && (a < 0 || s[i * n + best[i]!]! > s[a * n + best[a]!]!)) a = i;
    if (a < 0) break;
    const b = best[a]!;
    if (s[a * n + b]! < threshold) break;
    const [sizeA, sizeB] = [members[a]!.length, members[b]!.length];
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === a || k === b) continue;
      const merged = (sizeA * s[k * n + a]! + sizeB * s[k * n + b]!) / (sizeA + sizeB);
      s[k * n + a] = s[a * n + k] = merged;
    }
    members[a]!.push(...members[b]!);
    members[b] = [];
    active[b] = 0;
    for (let k = 0; k < n; k++) {
      if (!active[k]) continue;
      if (k === a || best[k] === a || best[k] === b) best[k] = bestOf(k);
      else if (s[k * n + a]! > s[k * n + best[k]!]!) best[k] = a;
    }
  }
  return members
    .filter((group) => group.length > 0)
    .map((group) => group.sort((x, y) => x - y))
    .sort((x, y) => y.length - x.length || x[0]! - y[0]!);
}

/** The member most similar on average to the others: the group's most typical question. */
export function medoid(sim: Float64Array, n: number, group: readonly number[]): number {
  let bestIndex = group[0]!;
  let bestScore = -Infinity;
  for (const i of group) {
    let score = 0;
    for (const j of group) if (i !== j) score += sim[i * n + j]!;
    if (score > bestScore) [bestIndex, bestScore] = [i, score];
  }
  return bestIndex;
}
