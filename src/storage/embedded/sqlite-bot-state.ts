import type Database from 'better-sqlite3';
import type { StoreItems } from 'botbuilder';
import type { BotStateStore } from '../ports';
import { deserializeItem, eTagConflict, isUnconditional, newETag, serializeItem } from '../etag';

/**
 * botbuilder Storage with MemoryStorage's eTag rules. Unlike MemoryStorage, a batch is
 * all-or-nothing: one conflicting key rolls back the whole write.
 */
export class SqliteBotState implements BotStateStore {
  private readonly select: Database.Statement<[string], { etag: string; value: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly selectKeys: Database.Statement<[], { key: string }>;
  private readonly purgeBefore: Database.Statement<[number]>;
  private readonly writeBatch: Database.Transaction<(changes: StoreItems) => void>;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: () => number = Date.now,
  ) {
    this.select = db.prepare('SELECT etag, value FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      'INSERT INTO bot_state (key, etag, value, updated_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value = excluded.value, ' +
        'updated_at = excluded.updated_at',
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.selectKeys = db.prepare('SELECT key FROM bot_state');
    this.purgeBefore = db.prepare('DELETE FROM bot_state WHERE updated_at < ?');
    this.writeBatch = db.transaction((changes: StoreItems) => {
      for (const [key, item] of Object.entries(changes)) {
        const expected = (item as { eTag?: unknown } | null)?.eTag;
        const current = this.select.get(key);
        if (current && !isUnconditional(expected) && expected !== current.etag) throw eTagConflict(key);
        this.upsert.run(key, newETag(), serializeItem(item), this.clock());
      }
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (row) items[key] = deserializeItem(row.value, row.etag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    this.writeBatch.immediate(changes);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    for (const key of keys) this.remove.run(key);
  }

  async keysMatching(test: (key: string) => boolean): Promise<string[]> {
    return this.selectKeys
      .all()
      .map((row) => row.key)
      .filter(test);
  }

  async purge(before: Date): Promise<number> {
    return this.purgeBefore.run(before.getTime()).changes;
  }

  async erase(keys: readonly string[]): Promise<number> {
    return this.db.transaction(() => keys.reduce((sum, key) => sum + this.remove.run(key).changes, 0))();
  }
}
