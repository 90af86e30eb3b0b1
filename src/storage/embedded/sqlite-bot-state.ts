import type Database from 'better-sqlite3';
import type { StoreItems } from 'botbuilder';
import type { BotStateStore } from '../ports';
import { eachCommitsAlone, type Writes } from './group-commit';
import { deserializeItem, eTagConflict, isUnconditional, newETag, serializeItem } from '../etag';

/**
 * botbuilder Storage with MemoryStorage's eTag rules. Unlike MemoryStorage, a batch is
 * all-or-nothing: one conflicting key rolls back the whole write.
 */
export class SqliteBotState implements BotStateStore {
  private readonly select: Database.Statement<[string], { etag: string; value: string }>;
  private readonly selectMany: Database.Statement<[string], { key: string; etag: string; value: string }>;
  private readonly upsertIfCurrent: Database.Statement<
    [string, string, string, number, string],
    { key: string }
  >;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly selectKeys: Database.Statement<[], { key: string }>;
  private readonly purgeBefore: Database.Statement<[number]>;
  private readonly writeBatch: Database.Transaction<(changes: StoreItems) => void>;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: () => number = Date.now,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    this.select = db.prepare('SELECT etag, value FROM bot_state WHERE key = ?');
    this.upsert = db.prepare(
      'INSERT INTO bot_state (key, etag, value, updated_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value = excluded.value, ' +
        'updated_at = excluded.updated_at',
    );
    this.selectMany = db.prepare(
      'SELECT key, etag, value FROM bot_state WHERE key IN (SELECT value FROM json_each(?))',
    );
    // A conditional write in one statement: inserts a new key, or updates one whose eTag is still
    // the expected one; no row back means another writer came first.
    this.upsertIfCurrent = db.prepare(
      'INSERT INTO bot_state (key, etag, value, updated_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, value = excluded.value, ' +
        'updated_at = excluded.updated_at WHERE bot_state.etag = ? RETURNING key',
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.selectKeys = db.prepare('SELECT key FROM bot_state');
    this.purgeBefore = db.prepare('DELETE FROM bot_state WHERE updated_at < ?');
    this.writeBatch = db.transaction((changes: StoreItems) => {
      for (const [key, item] of Object.entries(changes)) this.writeOne(key, item);
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 1) {
      const row = this.select.get(keys[0]!);
      if (row) items[keys[0]!] = deserializeItem(row.value, row.etag);
    } else if (keys.length > 1) {
      for (const row of this.selectMany.all(JSON.stringify(keys))) {
        items[row.key] = deserializeItem(row.value, row.etag);
      }
    }
    return items;
  }

  /** One key is one statement; several are one transaction that a conflict rolls back whole. */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 1) await this.writes.run(() => this.writeOne(...entries[0]!));
    else if (entries.length > 1) await this.writes.run(() => this.writeBatch.immediate(changes));
  }

  private writeOne(key: string, item: unknown): void {
    const expected = (item as { eTag?: unknown } | null)?.eTag;
    const json = serializeItem(item);
    if (isUnconditional(expected)) {
      this.upsert.run(key, newETag(), json, this.clock());
    } else if (!this.upsertIfCurrent.get(key, newETag(), json, this.clock(), String(expected))) {
      throw eTagConflict(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await this.writes.run(() => {
      for (const key of keys) this.remove.run(key);
    });
  }

  async keysMatching(test: (key: string) => boolean): Promise<string[]> {
    return this.selectKeys
      .all()
      .map((row) => row.key)
      .filter(test);
  }

  async purge(before: Date): Promise<number> {
    return this.writes.run(() => this.purgeBefore.run(before.getTime()).changes);
  }

  async erase(keys: readonly string[]): Promise<number> {
    return this.writes.run(() =>
      this.db.transaction(() => keys.reduce((sum, key) => sum + this.remove.run(key).changes, 0))(),
    );
  }
}
