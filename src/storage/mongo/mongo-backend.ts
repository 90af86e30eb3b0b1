import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../../logging';
import type {
  AttachmentStore,
  BotStateStore,
  DocumentCollection,
  RateBudget,
  RateLimiter,
  StorageBackend,
  StoredDocument,
} from '../ports';
import { MongoAttachments } from './mongo-attachments';
import { MongoBotState, REVISION_STAMP_PREFIX } from './mongo-bot-state';
import { MongoCounters } from './mongo-counters';
import { MongoDirectLine } from './mongo-direct-line';
import {
  MongoDocuments,
  purgeRevisions,
  type MongoDocumentsOptions,
  type Revision,
  type RevisionStamps,
} from './mongo-documents';
import { MongoEvents } from './mongo-events';
import { MongoIdempotency } from './mongo-idempotency';
import { RevisionStripper } from './revision-stripper';
import { TickInserts } from './tick-inserts';
import { MongoRateLimiter } from './mongo-rate-limits';
import { COLLECTIONS, migrateMongo } from './mongo-schema';
import { MongoSecrets } from './mongo-secrets';
import { DEFAULT_SIGNAL_POLL_MS, MongoSignals } from './mongo-signals';
import { MongoTranscripts } from './mongo-transcripts';
import { TurnReads } from '../turn-reads';
import { WORKLIST_COLLECTION } from '../worklist';
import { MongoWorklist } from './mongo-worklist';

const RETENTION_INTERVAL_MS = 10 * 60 * 1000;
/**
 * Collections whose documents carry a revision stamp kept beside the bot state (RevisionStamps):
 * the conversation's owner record, read by every turn and written only when a hand-over or a
 * question of the bot's begins or ends. A turn then knows it from the bot state read it makes
 * anyway, instead of looking its next revision up.
 */
const STAMPED_COLLECTIONS: ReadonlySet<string> = new Set(['conversation-owners']);
/** Tombstones and idle signal documents older than this are removed. */
const RETENTION_AGE_MS = 24 * 60 * 60 * 1000;

export interface MongoBackendOptions {
  uri: string;
  dbName: string;
  logger: Logger;
  signalPollMs?: number;
  /** For tests that race the unique index itself; see MongoDocumentsOptions. */
  documents?: MongoDocumentsOptions;
  /** For tests of expiry. */
  clock?: () => number;
  /** Keeps users' files elsewhere (a folder, ATTACHMENT_DIR) instead of the attachments collections. */
  attachments?: AttachmentStore;
  /** Called with the name of every command sent to the server (the benchmark counts round trips). */
  onCommand?: (commandName: string, collection?: string) => void;
}

/**
 * Storage shared by several instances through MongoDB 6+ or FerretDB 1.24. Only features both
 * support: no transactions, change streams, $lookup or $facet. Every race is settled by a
 * unique index, the one guarantee both servers give atomically.
 */
export class MongoBackend implements StorageBackend {
  readonly kind = 'mongodb' as const;
  readonly botState: BotStateStore;
  private readonly stateVersions: MongoBotState;
  readonly transcripts: MongoTranscripts;
  readonly directLine: MongoDirectLine;
  readonly idempotency: MongoIdempotency;
  readonly secrets: MongoSecrets;
  readonly signals: MongoSignals;
  readonly counters: MongoCounters;
  readonly events: MongoEvents;
  readonly attachments: AttachmentStore;
  readonly worklist: MongoWorklist;
  private readonly collections = new Map<string, DocumentCollection<StoredDocument>>();
  private readonly uncached = new Map<string, MongoDocuments<StoredDocument>>();
  private readonly stripper: RevisionStripper;
  private readonly revisionInserts: TickInserts<Revision>;
  private readonly turnReads: TurnReads;
  private retentionTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly options: MongoBackendOptions,
  ) {
    this.stateVersions = new MongoBotState(db, logger, options.clock);
    this.stripper = new RevisionStripper(db.collection(COLLECTIONS.documents), logger);
    this.revisionInserts = new TickInserts(db.collection<Revision>(COLLECTIONS.documents));
    // No batch read of documents: each is a lookup of its newest revision by _id.
    this.turnReads = new TurnReads();
    this.botState = this.turnReads.botState(this.stateVersions);
    this.transcripts = new MongoTranscripts(db);
    this.directLine = new MongoDirectLine(db);
    this.idempotency = new MongoIdempotency(db, options.clock);
    this.secrets = new MongoSecrets(db);
    this.signals = new MongoSignals(db, logger, options.signalPollMs ?? DEFAULT_SIGNAL_POLL_MS, (key, task) =>
      this.turnReads.atTurnEnd(key, task),
    );
    this.counters = new MongoCounters(db);
    this.events = new MongoEvents(db);
    this.attachments = options.attachments ?? new MongoAttachments(db);
    this.worklist = new MongoWorklist(db, () => this.documents(WORKLIST_COLLECTION));
  }

  collection<T extends StoredDocument>(name: string): DocumentCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = this.turnReads.collection(name, this.documents(name));
      this.collections.set(name, collection);
    }
    return collection as unknown as DocumentCollection<T>;
  }

  withinTurn<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    return this.turnReads.run(conversationId, work);
  }

  private stampsOf(name: string): RevisionStamps {
    const key = (id: string) => `${REVISION_STAMP_PREFIX}${name}/${id}`;
    return {
      fetched: async (id) => {
        // A failed read of the turn's bot state leaves the record to its own lookup.
        const read = await this.turnReads.fetchedBotState(key(id)).catch(() => ({ fetched: false }) as const);
        if (!read.fetched) return undefined;
        const stamp = read.item?.stamp;
        return typeof stamp === 'string' ? stamp : null;
      },
      set: async (id, stamp) => {
        await this.stateVersions.stamp(key(id), stamp);
        this.turnReads.forgetBotState([key(id)]);
      },
    };
  }

  /** The uncached collection, one instance per name (it serialises its own writes per id). */
  private documents(name: string): MongoDocuments<StoredDocument> {
    let documents = this.uncached.get(name);
    if (!documents) {
      const index = name === WORKLIST_COLLECTION ? this.worklist : undefined;
      documents = new MongoDocuments<StoredDocument>(
        this.db,
        name,
        {
          stripper: this.stripper,
          inserts: this.revisionInserts,
          ...(STAMPED_COLLECTIONS.has(name) ? { stamps: this.stampsOf(name) } : {}),
          ...this.options.documents,
        },
        index,
      );
      this.uncached.set(name, documents);
    }
    return documents;
  }

  static async connect(options: MongoBackendOptions): Promise<MongoBackend> {
    const client = new MongoClient(options.uri, {
      // Acknowledged means on a majority, so a failover cannot roll it back; also valid standalone.
      writeConcern: { w: 'majority' },
      // A default only: the driver lets these options override the URI, whose setting should win.
      ...(/[?&]serverSelectionTimeoutMS=/i.test(options.uri) ? {} : { serverSelectionTimeoutMS: 10_000 }),
      appName: 'firstline',
      monitorCommands: options.onCommand !== undefined,
    });
    const onCommand = options.onCommand;
    if (onCommand) {
      client.on('commandStarted', (event) => {
        const target: unknown = event.command[event.commandName];
        onCommand(event.commandName, typeof target === 'string' ? target : undefined);
      });
    }
    try {
      await client.connect();
      const db = client.db(options.dbName);
      await migrateMongo(db, options.logger);
      const backend = new MongoBackend(client, db, options.logger, options);
      // Tickets stored before the worklist existed, or written by an instance that stopped
      // between a ticket and its row, join it now.
      const indexed = await backend.worklist.indexMissing();
      if (indexed > 0) options.logger.info({ indexed }, 'tickets added to the worklist index');
      backend.startRetention();
      options.logger.info({ db: options.dbName }, 'MongoDB storage connected');
      return backend;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  async ping(): Promise<void> {
    if (this.closing) throw new Error('Storage: the MongoDB connection is closed');
    await this.db.command({ ping: 1 });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  rateLimiter(name: string, budget: RateBudget): RateLimiter {
    return new MongoRateLimiter(this.db, name, budget, this.logger, this.options.clock);
  }

  /**
   * Resolves when the housekeeping writes put off so far (superseded revisions' strips, superseded
   * bot state versions' prunes) are done.
   */
  settle(): Promise<void> {
    return Promise.all([this.stripper.flush(), this.stateVersions.settle()]).then(() => undefined);
  }

  /** Deletes expired idempotency keys and rate counts, old tombstones and idle signal documents. */
  async purgeExpired(now: number = (this.options.clock ?? Date.now)()): Promise<number> {
    await this.settle();
    const before = new Date(now - RETENTION_AGE_MS);
    const [claims, tombstones, signals, revisions, rates] = await Promise.all([
      this.idempotency.purge(now),
      this.stateVersions.purgeTombstones(before),
      this.signals.purge(before),
      purgeRevisions(this.db, now, before),
      this.db
        .collection(COLLECTIONS.rateLimits)
        .deleteMany({ expire: { $lt: new Date(now) } })
        .then((r) => r.deletedCount),
    ]);
    const total = claims + tombstones + signals + revisions + rates;
    if (total > 0) this.logger.debug({ claims, tombstones, signals, revisions, rates }, 'storage purged');
    return total;
  }

  private startRetention(): void {
    const run = (): void => {
      this.purgeExpired().catch((error: unknown) => this.logger.warn({ err: error }, 'storage purge failed'));
    };
    run();
    this.retentionTimer = setInterval(run, RETENTION_INTERVAL_MS);
    this.retentionTimer.unref();
  }

  private async shutdown(): Promise<void> {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.signals.stop();
    await this.settle();
    await this.client.close();
  }
}
