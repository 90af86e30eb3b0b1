import type { SparseVector } from './sparse-vector';

/** One training example: sparse feature ids and values (L2-normalised), and its class. */
export interface Sample {
  ids: Int32Array;
  values: Float32Array;
  label: number;
  /**
   * Where the sample goes in each epoch's training order, as a hash of what it says: samples keep
   * their order among themselves when another one is added or removed (a shuffle by position
   * would reorder them all, and move answers far from the change).
   */
  key?: number;
}

export interface ClassifierOptions {
  epochs: number;
  rate: number;
  /** L2 penalty, applied as weight decay once per epoch. */
  decay: number;
  /** Also learn from each document's title and tags. */
  titles: boolean;
  /** How feature values are weighted before normalisation: by BM25 idf, its root, or not. */
  weighting: 'idf' | 'sqrt' | 'none';
  /**
   * Softmax temperature at prediction time. Trained to separate its own examples, the model is
   * over-confident on new wording; flattening its probabilities lets BM25F break its wrong calls.
   */
  temperature: number;
  /** Picks another training order (0 = the shipped one); for measuring how much a figure depends on it. */
  seed: number;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = {
  epochs: 20,
  rate: 0.5,
  decay: 0,
  titles: true,
  weighting: 'sqrt',
  temperature: 2,
  seed: 0,
};

/**
 * Multiply-adds one build may spend on training (epochs × samples × classes × features per
 * sample): about half a second. Bigger collections get fewer epochs, then no classifier.
 */
export const MAX_TRAINING_WORK = 3e8;
const MIN_EPOCHS = 3;
/** Dense weights are features × classes floats (4 bytes each). */
export const MAX_WEIGHTS = 8e6;

/** A well-mixed 32-bit integer from another (MurmurHash3's finaliser). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit hash of a text (FNV-1a), for `Sample.key`. */
export function textKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * One epoch's training order, reproducible: each sample's place comes from its key and the epoch,
 * so it does not depend on where the sample stands in the list (ties keep the list's order).
 */
export function epochOrder(samples: readonly Sample[], epochSeed: number): number[] {
  const epoch = mix(epochSeed);
  const rank = Uint32Array.from(samples, (s, i) => mix((s.key ?? i) ^ epoch));
  return [...samples.keys()].sort((a, b) => (rank[a] ?? 0) - (rank[b] ?? 0) || a - b);
}

/**
 * Multinomial logistic regression over sparse features, trained by plain SGD: learns which
 * words, stems, concepts and character n-grams separate one document's examples from the
 * others' — what BM25 cannot, since it weighs a term the same for every document.
 */
export class LinearClassifier {
  private readonly z: Float64Array;

  private constructor(
    private readonly weights: Float32Array,
    private readonly bias: Float64Array,
    readonly classes: number,
    private readonly temperature: number,
  ) {
    this.z = new Float64Array(classes);
  }

  /** Epochs the budget allows (at most `wanted`), or 0 when the classifier should not be trained. */
  static affordableEpochs(
    samples: number,
    classes: number,
    features: number,
    avgNnz: number,
    wanted: number,
  ): number {
    if (classes < 2 || classes * features > MAX_WEIGHTS) return 0;
    const epochs = Math.min(wanted, Math.floor(MAX_TRAINING_WORK / Math.max(1, samples * classes * avgNnz)));
    return epochs >= MIN_EPOCHS ? epochs : 0;
  }

  static train(
    samples: readonly Sample[],
    classes: number,
    features: number,
    options: ClassifierOptions = DEFAULT_CLASSIFIER,
  ): LinearClassifier {
    const model = new LinearClassifier(
      new Float32Array(features * classes),
      new Float64Array(classes),
      classes,
      options.temperature,
    );
    const p = new Float64Array(classes);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = epochOrder(samples, epoch + 1 + options.seed * 7919);
      const rate = options.rate / (1 + epoch / 4);
      for (const i of order) {
        const s = samples[i];
        if (s) model.step(s, rate, p);
      }
      if (options.decay > 0) {
        const keep = 1 - options.decay;
        for (let k = 0; k < model.weights.length; k++) model.weights[k] = (model.weights[k] ?? 0) * keep;
      }
    }
    return model;
  }

  private step(s: Sample, rate: number, p: Float64Array): void {
    this.logits(s.ids, s.values, p);
    softmax(p);
    const C = this.classes;
    p[s.label] = (p[s.label] ?? 0) - 1;
    for (let c = 0; c < C; c++) this.bias[c] = (this.bias[c] ?? 0) - rate * (p[c] ?? 0);
    const w = this.weights;
    for (let j = 0; j < s.ids.length; j++) {
      const base = (s.ids[j] ?? 0) * C;
      const x = rate * (s.values[j] ?? 0);
      for (let c = 0; c < C; c++) w[base + c] = (w[base + c] ?? 0) - x * (p[c] ?? 0);
    }
  }

  private logits(ids: ArrayLike<number>, values: ArrayLike<number>, out: Float64Array): void {
    const C = this.classes;
    out.set(this.bias);
    const w = this.weights;
    for (let j = 0; j < ids.length; j++) {
      const base = (ids[j] ?? 0) * C;
      if (base < 0 || base >= w.length) continue;
      const x = values[j] ?? 0;
      for (let c = 0; c < C; c++) out[c] = (out[c] ?? 0) + x * (w[base + c] ?? 0);
    }
  }

  /** Class probabilities for a query vector (weighted like the training samples by `featureWeight`). */
  predict(query: SparseVector, featureWeight: Float64Array): Float64Array {
    const ids = query.ids;
    const values = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((id, j) => {
      const v = query.get(id) * (featureWeight[id] ?? 0);
      values[j] = v;
      norm += v * v;
    });
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < values.length; j++) values[j] = (values[j] ?? 0) / norm;
    this.logits(ids, values, this.z);
    for (let c = 0; c < this.z.length; c++) this.z[c] = (this.z[c] ?? 0) / this.temperature;
    softmax(this.z);
    return this.z;
  }
}

function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] ?? 0) - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] ?? 0) / sum;
}

/** A training sample from an analysed text: values weighted, then L2-normalised. */
export function toSample(
  vector: SparseVector,
  featureWeight: Float64Array,
  label: number,
  key?: number,
): Sample {
  const ids = Int32Array.from(vector.ids);
  const values = new Float32Array(ids.length);
  let norm = 0;
  ids.forEach((id, j) => {
    const v = vector.get(id) * (featureWeight[id] ?? 0);
    values[j] = v;
    norm += v * v;
  });
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < values.length; j++) values[j] = (values[j] ?? 0) / norm;
  return key === undefined ? { ids, values, label } : { ids, values, label, key };
}
