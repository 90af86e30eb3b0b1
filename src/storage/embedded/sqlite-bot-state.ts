import type Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { deserializeItem, eTagConflict, isUnconditional, newETag, serializeItem } from '../etag';

/**
 * botbuilder Storage with MemoryStorage's eTag rules. Unlike MemoryStorage, a batch is
 * all-or-nothing: one conflicting key rolls back the whole write.
 */
export class SqliteBotState implements Storage {
  private readonly select: Database.Statement<[string], { etag: string; value: string }>;
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly writeBatch: Database.Transaction<(changes: StoreItems) => void>;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT etag, value FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      'INSERT INTO bot_state (key, etag, value) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value = excluded.value',
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.writeBatch = db.transaction((changes: StoreItems) => {
      for (const [key, item] of Object.entries(changes)) {
        const expected = (item as { eTag?: unknown } | null)?.eTag;
        const current = this.select.get(key);
        if (current && !isUnconditional(expected) && expected !== current.etag) throw eTagConflict(key);
        this.upsert.run(key, newETag(), serializeItem(item));
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
}
