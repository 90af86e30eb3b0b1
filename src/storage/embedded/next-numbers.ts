/**
 * How many conversations' next numbers are remembered (the conversations talking now); older ones
 * are read from the table again.
 */
const REMEMBERED = 2_000;

/**
 * The next free number (activity index, transcript seq) per conversation, remembered so an append
 * is one INSERT instead of a transaction that reads MAX first. Only a hint: the primary key still
 * decides, and an append that finds its number taken (another process wrote) reads MAX and retries.
 */
export class NextNumbers {
  private readonly next = new Map<string, number>();

  get(key: string): number | undefined {
    return this.next.get(key);
  }

  set(key: string, value: number): void {
    this.next.delete(key); // re-inserted last: the Map's order is least recently used first
    this.next.set(key, value);
    if (this.next.size > REMEMBERED) this.next.delete(this.next.keys().next().value!);
  }

  /** After deletes: numbering of a conversation that comes back starts from the table again. */
  clear(): void {
    this.next.clear();
  }
}

/** True for SQLite's error when a row with the same primary key exists. */
export function isPrimaryKeyConflict(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
