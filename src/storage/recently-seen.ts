import type { DirectLineConversation } from './ports';

/**
 * Values remembered for a while per key, the least recently used dropped beyond `limit`: for
 * records that never change once written (a Direct Line conversation's) or whose staleness the
 * caller has shown to be harmless for `keepMs` (a token generation), so each request need not
 * read them again. Copies go in and out, so callers never share an object. Values older than
 * `keepMs` are never answered, so they are dropped as new ones come: what stays is what was seen
 * in the last `keepMs`, not the last `limit` keys of a day.
 */
export class RecentlySeen<V extends object> {
  private readonly seen = new Map<string, { value: V; seenAt: number }>();

  constructor(
    private readonly keepMs: number,
    private readonly limit: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const found = this.seen.get(key);
    return found && this.clock() - found.seenAt < this.keepMs ? { ...found.value } : undefined;
  }

  remember(key: string, value: V): void {
    const now = this.clock();
    this.seen.delete(key); // re-inserted last: the Map's order is oldest first
    this.seen.set(key, { value: { ...value }, seenAt: now });
    if (this.seen.size > this.limit) this.seen.delete(this.seen.keys().next().value!);
    for (const [oldest, { seenAt }] of this.seen) {
      if (now - seenAt < this.keepMs) break;
      this.seen.delete(oldest);
    }
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.seen.size;
  }

  forget(key: string): void {
    this.seen.delete(key);
  }
}

/**
 * A Direct Line conversation's record never changes, so each request of its turns (post, poll,
 * stream) need not read it again: each instance remembers it 10 s. Deleting it on an instance
 * forgets it there at once; an erasure on another instance (or, on SQLite, by a CLI command in
 * another process) reaches this one within those 10 s.
 */
export function rememberedConversations(): RecentlySeen<DirectLineConversation> {
  return new RecentlySeen<DirectLineConversation>(10_000, 2_000);
}
