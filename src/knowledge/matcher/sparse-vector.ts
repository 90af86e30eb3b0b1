/**
 * A sparse vector over integer term ids, backed by a dense array so that adding a weight is an
 * array write, not a hash lookup. Reused across documents and queries: clear() only resets the
 * touched entries.
 */
export class SparseVector {
  values: Float64Array;
  readonly ids: number[] = [];
  /** Total weight of terms that have no id (query terms unknown to the index). */
  unknown = 0;

  constructor(capacity = 1024) {
    this.values = new Float64Array(capacity);
  }

  add(id: number, weight: number): void {
    if (id < 0) {
      this.unknown += weight;
      return;
    }
    if (id >= this.values.length) this.grow(id + 1);
    const values = this.values;
    if (values[id] === 0) this.ids.push(id);
    values[id] = (values[id] ?? 0) + weight;
  }

  /** Add every weight of `other`, times `factor`. */
  addScaled(other: SparseVector, factor: number): void {
    for (let k = 0; k < other.ids.length; k++) {
      const id = other.ids[k] ?? 0;
      this.add(id, other.get(id) * factor);
    }
    this.unknown += other.unknown * factor;
  }

  get(id: number): number {
    return this.values[id] ?? 0;
  }

  /** Sum of all weights, known and unknown. */
  total(): number {
    let sum = this.unknown;
    for (let k = 0; k < this.ids.length; k++) sum += this.values[this.ids[k] ?? 0] ?? 0;
    return sum;
  }

  clear(): void {
    for (let k = 0; k < this.ids.length; k++) this.values[this.ids[k] ?? 0] = 0;
    this.ids.length = 0;
    this.unknown = 0;
  }

  private grow(min: number): void {
    const next = new Float64Array(Math.max(min, this.values.length * 2));
    next.set(this.values);
    this.values = next;
  }
}
