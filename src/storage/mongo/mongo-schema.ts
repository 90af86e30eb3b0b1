import type { Db, IndexDescription } from 'mongodb';
import type { Logger } from '../../logging';
import { RATE_LIMITS_TABLE } from '../rate-limits';
import { isDuplicateKey } from './mongo-errors';

export const COLLECTIONS = {
  meta: 'meta',
  botState: 'bot_state',
  transcripts: 'transcripts',
  dlConversations: 'dl_conversations',
  dlActivities: 'dl_activities',
  idempotency: 'idempotency',
  secrets: 'secrets',
  signals: 'signals',
  documents: 'documents',
  counters: 'counters',
  events: 'events',
  rateLimits: RATE_LIMITS_TABLE,
  eventFloors: 'event_floors',
  attachments: 'attachments',
  attachmentChunks: 'attachment_chunks',
  worklist: 'ticket_worklist',
} as const;

/**
 * Every migration must be idempotent: instances starting together may both run it, because
 * FerretDB has no transactions and no atomic read-modify-write to take a lock with.
 * Append new migrations; never edit one that has shipped.
 */
const MIGRATIONS: readonly { version: number; up: (db: Db) => Promise<void> }[] = [
  {
    version: 1,
    up: async (db) => {
      await createIndexes(db, COLLECTIONS.botState, [{ key: { key: 1, version: 1 }, unique: true }]);
      await createIndexes(db, COLLECTIONS.transcripts, [
        { key: { conversationId: 1, seq: 1 }, unique: true },
      ]);
      await createIndexes(db, COLLECTIONS.dlActivities, [
        { key: { conversationId: 1, index: 1 }, unique: true },
      ]);
      await createIndexes(db, COLLECTIONS.idempotency, [
        { key: { key: 1, gen: 1 }, unique: true },
        // No TTL index: FerretDB 1.24 rejects expireAfterSeconds, so a timer purges instead.
        { key: { expiresAt: 1 } },
      ]);
      await createIndexes(db, COLLECTIONS.signals, [{ key: { at: 1 } }]);
    },
  },
  {
    version: 2,
    up: async (db) => {
      // The compare-and-set of document writes; also serves every query of one collection.
      await createIndexes(db, COLLECTIONS.documents, [
        { key: { collection: 1, id: 1, rev: 1 }, unique: true },
        // For the retention purge of placeholders and tombstones.
        { key: { at: 1 } },
      ]);
      await createIndexes(db, COLLECTIONS.counters, [{ key: { name: 1, n: 1 }, unique: true }]);
      await createIndexes(db, COLLECTIONS.events, [{ key: { stream: 1, seq: 1 }, unique: true }]);
    },
  },
  {
    version: 3,
    up: async (db) => {
      // One document per allowed request (see mongo-rate-limits.ts); `expire` for the purge.
      await createIndexes(db, COLLECTIONS.rateLimits, [
        { key: { scope: 1, n: 1 }, unique: true },
        { key: { expire: 1 } },
      ]);
    },
  },
  {
    version: 4,
    up: async (db) => {
      // The highest purged seq of a stream (see mongo-events.ts).
      await createIndexes(db, COLLECTIONS.eventFloors, [{ key: { stream: 1, floor: -1 } }]);
    },
  },
  {
    version: 5,
    up: async (db) => {
      // Retention periods: transcripts by entry time, bot state by write time.
      await createIndexes(db, COLLECTIONS.transcripts, [{ key: { at: 1 } }]);
      await createIndexes(db, COLLECTIONS.botState, [{ key: { at: 1 } }]);
      await createIndexes(db, COLLECTIONS.dlConversations, [{ key: { userId: 1 } }]);
    },
  },
  {
    version: 6,
    up: async (db) => {
      // Files users sent (see mongo-attachments.ts): listed per conversation or user, purged by age.
      await createIndexes(db, COLLECTIONS.attachments, [
        { key: { conversationId: 1, createdAt: 1 } },
        { key: { userId: 1 } },
        { key: { createdAt: 1 } },
      ]);
      await createIndexes(db, COLLECTIONS.attachmentChunks, [{ key: { attachmentId: 1 } }]);
    },
  },
  {
    version: 7,
    up: async (db) => {
      // The tickets' worklist (see mongo-worklist.ts): one index per sort, the common filters.
      await createIndexes(db, COLLECTIONS.worklist, [
        { key: { createdAt: -1, _id: -1 } },
        { key: { updatedAt: -1, _id: -1 } },
        { key: { priorityKey: -1, _id: -1 } },
        { key: { dueKey: 1, _id: 1 } },
        { key: { status: 1, createdAt: -1 } },
        { key: { assigneeId: 1, createdAt: -1 } },
        { key: { team: 1 } },
        { key: { userId: 1 } },
        { key: { conversationId: 1 } },
        { key: { number: 1 } },
      ]);
    },
  },
  {
    version: 8,
    // Nothing to build: the revisions of conversation-owners carry a stamp (RevisionStamps in
    // mongo-documents.ts) that turns trust instead of looking the record up. A FirstLine from
    // before writes them without one, which instances that trust the stamps would not see, so it
    // must not start on this database again (the version check above refuses it).
    up: () => Promise.resolve(),
  },
  {
    version: 9,
    // Deliveries whose process died mid-turn (MongoIdempotency.stalled) are looked up by lease.
    up: async (db) => {
      await createIndexes(db, COLLECTIONS.idempotency, [{ key: { leaseUntil: 1 } }]);
    },
  },
];

export const LATEST_MONGO_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

interface MetaDocument {
  _id: string;
  version: number;
  updatedAt: Date;
}

async function createIndexes(db: Db, collection: string, indexes: IndexDescription[]): Promise<void> {
  // One index per command: FerretDB 1.24 crashes the connection (a server-side panic) when one
  // createIndexes command lists several indexes that already exist. Re-creating a single
  // identical index is a no-op on both servers.
  for (const { key, ...options } of indexes) await db.collection(collection).createIndex(key, options);
}

async function recordVersion(db: Db, version: number): Promise<void> {
  const meta = db.collection<MetaDocument>(COLLECTIONS.meta);
  // $max keeps a concurrent instance that finished a later migration from being rolled back.
  const record = () =>
    meta.updateOne(
      { _id: 'schema' },
      { $max: { version }, $set: { updatedAt: new Date() } },
      { upsert: true },
    );
  try {
    await record();
  } catch (error) {
    // Two instances starting together both upserted the missing document; now it exists.
    if (!isDuplicateKey(error)) throw error;
    await record();
  }
}

export async function readSchemaVersion(db: Db): Promise<number> {
  const meta = await db.collection<MetaDocument>(COLLECTIONS.meta).findOne({ _id: 'schema' });
  return meta?.version ?? 0;
}

/** Applies pending migrations; returns the versions applied by this call. */
export async function migrateMongo(db: Db, logger: Logger): Promise<number[]> {
  const found = await readSchemaVersion(db);
  if (found > LATEST_MONGO_SCHEMA_VERSION) {
    throw new Error(
      `Storage: the MongoDB database has schema version ${found}, newer than this FirstLine knows ` +
        `(${LATEST_MONGO_SCHEMA_VERSION}); upgrade FirstLine instead of downgrading it`,
    );
  }
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= found) continue;
    await migration.up(db);
    await recordVersion(db, migration.version);
    applied.push(migration.version);
  }
  // Indexes are re-declared at every start so a dropped index comes back; cheap when present.
  if (applied.length === 0) for (const migration of MIGRATIONS) await migration.up(db);
  if (applied.length > 0) logger.info({ applied }, 'storage schema migrated');
  return applied;
}
