import type { StoreItems } from 'botbuilder';
import type { BotStateStore } from '../ports';
import type { Collection, Db } from 'mongodb';
import { deserializeItem, eTagConflict, isUnconditional, newETag, serializeItem } from '../etag';
import { KeyedMutex } from '../keyed-mutex';
import { isDuplicateKey } from './mongo-errors';
import { COLLECTIONS } from './mongo-schema';
import { VersionPruner } from './version-pruner';
import type { Logger } from '../../logging';

interface StateVersion {
  key: string;
  version: number;
  eTag: string;
  /** The item as JSON text: bot state may hold '$' or '.' in field names (adaptive cards do). */
  json?: string;
  /** A delete is a version too, so a writer holding an eTag from before it still conflicts. */
  deleted?: boolean;
  at: Date;
}

const MAX_UNCONDITIONAL_ATTEMPTS = 20;
/**
 * Keys of the revision stamps kept beside the bot state (see stamp()): storage's own, never bot
 * state, so keysMatching (privacy export and erasure) does not list them.
 */
export const REVISION_STAMP_PREFIX = 'firstline.revision-stamp/';
/** Keys whose newest version this instance remembers, so a write need not read it first. */
const KNOWN_KEYS = 10_000;

type Known = Pick<StateVersion, 'version' | 'eTag' | 'deleted'>;

/** What a read that found no version of a key remembers: no eTag, so only an unconditional write uses it. */
const NO_VERSION_YET: Known = { version: 0, eTag: '' };

/**
 * botbuilder Storage with MemoryStorage's eTag rules, on versions instead of in-place updates.
 *
 * FerretDB 1.24 runs a conditional updateOne({ _id, eTag }) as read-then-write (measured: 30
 * concurrent compare-and-set updates let 2 through), so each write inserts version n + 1 of the
 * key under a unique (key, version) index; whoever loses that insert had a stale eTag. Older
 * versions are removed after a successful write. Without transactions a multi-key batch is
 * applied key by key: an earlier key may be stored when a later one conflicts.
 */
export class MongoBotState implements BotStateStore {
  private readonly versions: Collection<StateVersion>;
  private readonly mutex = new KeyedMutex();
  /** Only a hint: the unique (key, version) index refuses a write whose hint was stale. */
  private readonly known = new Map<string, Known>();

  /** Deletes the versions a write superseded, in batches off the turn. */
  private readonly pruner: VersionPruner;

  constructor(
    db: Db,
    logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.versions = db.collection<StateVersion>(COLLECTIONS.botState);
    this.pruner = new VersionPruner(db.collection(COLLECTIONS.botState), logger);
  }

  /** Resolves when the prunes put off so far are done. */
  settle(): Promise<void> {
    return this.pruner.flush();
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const latest = new Map<string, StateVersion>();
    for await (const doc of this.versions.find({ key: { $in: keys } }, { projection: { _id: 0 } })) {
      const known = latest.get(doc.key);
      if (!known || doc.version > known.version) latest.set(doc.key, doc);
    }
    for (const [key, doc] of latest) {
      this.remember(key, doc);
      if (!doc.deleted && doc.json !== undefined) items[key] = deserializeItem(doc.json, doc.eTag);
    }
    // A key with no version yet (a new conversation's or user's state) is remembered as version 0,
    // so its first write inserts version 1 unread and has nothing older to prune: two queries
    // FerretDB 1.24 decodes the whole collection for. A version another instance wrote meanwhile
    // refuses that insert, and the write reads and decides again.
    for (const key of keys) if (!latest.has(key)) this.remember(key, NO_VERSION_YET);
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes)) {
      const json = serializeItem(item);
      const expected = (item as { eTag?: unknown }).eTag;
      await this.mutex.run(key, () => this.putVersion(key, { json }, expected));
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    for (const key of keys) await this.mutex.run(key, () => this.putVersion(key, { deleted: true }, '*'));
  }

  /** Removes tombstones older than `before`; they only matter while a stale writer may exist. */
  async purgeTombstones(before: Date): Promise<number> {
    const result = await this.versions.deleteMany({ deleted: true, at: { $lt: before } });
    return result.deletedCount;
  }

  async keysMatching(test: (key: string) => boolean): Promise<string[]> {
    const keys = (await this.versions.distinct('key')) as string[];
    const live: string[] = [];
    for (const key of keys.filter((key) => !key.startsWith(REVISION_STAMP_PREFIX) && test(key))) {
      const latest = await this.latest(key);
      if (latest && !latest.deleted) live.push(key);
    }
    return live;
  }

  async purge(before: Date): Promise<number> {
    this.known.clear();
    const stale = (await this.versions.distinct('key', { at: { $lt: before } })) as string[];
    let purged = 0;
    for (const key of stale) {
      const latest = await this.latest(key);
      // Written since: kept. A tombstone older than the cutoff goes too.
      if (!latest || latest.at >= before) continue;
      await this.versions.deleteMany({ key, version: { $lte: latest.version } });
      // A revision stamp not written for so long goes too (its document is then looked up), but
      // it is not bot state: not counted.
      if (!latest.deleted && !key.startsWith(REVISION_STAMP_PREFIX)) purged++;
    }
    return purged;
  }

  async erase(keys: readonly string[]): Promise<number> {
    for (const key of keys) this.known.delete(key);
    let erased = 0;
    for (const key of keys) {
      const latest = await this.latest(key);
      if (latest && !latest.deleted) erased++;
      await this.versions.deleteMany({ key });
    }
    return erased;
  }

  /**
   * Sets (or with `undefined` removes) the stamp under `key` (REVISION_STAMP_PREFIX): one document
   * changed in place, the last write wins, so a stamp written after another has started replaces
   * it (versions would not: one inserted from a stale hint can land in a number the pruner freed,
   * below the newest). Read as the item `{ stamp }` by read(), with the keys a turn reads anyway.
   */
  async stamp(key: string, stamp: string | undefined): Promise<void> {
    if (!key.startsWith(REVISION_STAMP_PREFIX)) throw new Error(`Storage: ${key} is no stamp key`);
    const stamps = this.versions as unknown as Collection<StateVersion & { _id: string }>;
    const _id = key;
    if (stamp === undefined) {
      await stamps.deleteOne({ _id });
      return;
    }
    const set = { key, version: 0, eTag: '', json: JSON.stringify({ stamp }), at: new Date(this.clock()) };
    try {
      await stamps.updateOne({ _id }, { $set: set }, { upsert: true });
    } catch (error) {
      // Two first stamps at once: the loser of the upsert's insert sets its stamp on the winner's.
      if (!isDuplicateKey(error)) throw error;
      await stamps.updateOne({ _id }, { $set: set });
    }
  }

  private async putVersion(
    key: string,
    content: { json: string } | { deleted: true },
    expected: unknown,
  ): Promise<void> {
    const conditional = !isUnconditional(expected);
    for (let attempt = 1; ; attempt++) {
      // The version this instance last saw stands in for a read when it can decide the same way:
      // should another writer have stored a newer one meanwhile, the insert below is refused.
      const hint = attempt === 1 ? this.known.get(key) : undefined;
      const usable = hint && !hint.deleted && (!conditional || hint.eTag === expected);
      const current: Known | null = usable ? hint : await this.latest(key);
      const live = current && !current.deleted ? current : undefined;
      // As in MemoryStorage, an eTag only matters when the item exists.
      if (conditional && live && live.eTag !== expected) throw eTagConflict(key);
      const version = (current?.version ?? 0) + 1;
      const written: StateVersion = { key, version, eTag: newETag(), at: new Date(this.clock()), ...content };
      try {
        await this.versions.insertOne(written);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another writer got this version first: our eTag (if any) is now stale.
        if (conditional && live) throw eTagConflict(key);
        if (attempt >= MAX_UNCONDITIONAL_ATTEMPTS) throw error;
        continue;
      }
      this.remember(key, written);
      if (version === 1) return; // nothing before it
      // A tombstone removes what it hides at once: were an older version left, purging the
      // tombstone later would bring the deleted state back.
      if ('deleted' in content) {
        this.pruner.forget(key);
        await this.versions.deleteMany({ key, version: { $lt: version } });
      } else this.pruner.prune(key, version);
      return;
    }
  }

  private remember(key: string, version: Known): void {
    this.known.delete(key); // re-inserted last: least recently used first
    this.known.set(key, { version: version.version, eTag: version.eTag, deleted: version.deleted });
    if (this.known.size > KNOWN_KEYS) this.known.delete(this.known.keys().next().value!);
  }

  private latest(key: string): Promise<StateVersion | null> {
    return this.versions.findOne({ key }, { sort: { version: -1 }, projection: { _id: 0 } });
  }
}
