import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../../logging';
import { LocalSignals } from '../local-signals';
import type {
  AttachmentStore,
  BotStateStore,
  DocumentCollection,
  RateBudget,
  RateLimiter,
  StorageBackend,
  StoredDocument,
} from '../ports';
import { RATE_LIMITS_TABLE, sqliteRateLimiter } from '../rate-limits';
import { migrate } from './migrations';
import { createPrivateFile, makeDataDirPrivate } from './file-modes';
import { SqliteAttachments } from './sqlite-attachments';
import { SqliteBotState } from './sqlite-bot-state';
import { SqliteCounters } from './sqlite-counters';
import { SqliteDirectLine } from './sqlite-direct-line';
import { SqliteDocuments } from './sqlite-documents';
import { SqliteEvents } from './sqlite-events';
import { SqliteIdempotency } from './sqlite-idempotency';
import { SqliteSecrets } from './sqlite-secrets';
import { SqliteTranscripts } from './sqlite-transcripts';
import { TurnReads } from '../turn-reads';
import { readDocuments } from './sqlite-documents';
import { SqliteWorklist } from './sqlite-worklist';
import { commitOpenBatch, GroupCommit } from './group-commit';
import { CASE_FACTS_COLLECTION, SqliteCaseFacts } from './sqlite-case-facts';
import { WORKLIST_COLLECTION } from '../worklist';

export const SQLITE_FILE_NAME = 'firstline.sqlite';

export interface SqliteBackendOptions {
  dataDir: string;
  logger: Logger;
  /** For tests of expiry. */
  clock?: () => number;
  /** `normal` survives a killed process; `full` also an OS crash or power loss, at one fsync per write. */
  synchronous?: 'normal' | 'full';
  /** Keeps users' files elsewhere (a folder, ATTACHMENT_DIR) instead of the `attachments` table. */
  attachments?: AttachmentStore;
  /** Called with the text of every statement SQLite runs (the benchmark and tests count them). */
  onStatement?: (sql: string) => void;
}

/** Single-instance storage in one SQLite file under DATA_DIR. */
export class SqliteBackend implements StorageBackend {
  readonly kind = 'sqlite' as const;
  readonly botState: BotStateStore;
  readonly transcripts: SqliteTranscripts;
  readonly directLine: SqliteDirectLine;
  readonly idempotency: SqliteIdempotency;
  readonly secrets: SqliteSecrets;
  readonly signals: LocalSignals;
  readonly counters: SqliteCounters;
  readonly events: SqliteEvents;
  readonly attachments: AttachmentStore;
  readonly worklist: SqliteWorklist;
  private readonly caseFacts: SqliteCaseFacts;
  private readonly collections = new Map<string, DocumentCollection<StoredDocument>>();
  private readonly turnReads: TurnReads;
  private readonly writes: GroupCommit;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly logger: Logger,
    private readonly clock: () => number,
    attachments: AttachmentStore | undefined,
  ) {
    const writes = new GroupCommit(db);
    this.writes = writes;
    this.turnReads = new TurnReads(readDocuments(db));
    this.botState = this.turnReads.botState(new SqliteBotState(db, clock, writes));
    this.transcripts = new SqliteTranscripts(db, writes);
    this.directLine = new SqliteDirectLine(db, writes);
    this.idempotency = new SqliteIdempotency(db, clock, writes);
    this.secrets = new SqliteSecrets(db, writes);
    this.signals = new LocalSignals(logger);
    this.counters = new SqliteCounters(db, writes);
    this.events = new SqliteEvents(db, writes);
    this.attachments = attachments ?? new SqliteAttachments(db, writes);
    this.worklist = new SqliteWorklist(db);
    this.caseFacts = new SqliteCaseFacts(db);
  }

  collection<T extends StoredDocument>(name: string): DocumentCollection<T> {
    let collection = this.collections.get(name);
    if (!collection) {
      const index =
        name === WORKLIST_COLLECTION
          ? this.worklist
          : name === CASE_FACTS_COLLECTION
            ? this.caseFacts
            : undefined;
      collection = this.turnReads.collection(
        name,
        new SqliteDocuments<StoredDocument>(this.db, name, index, this.writes),
      );
      this.collections.set(name, collection);
    }
    return collection as unknown as DocumentCollection<T>;
  }

  withinTurn<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    return this.turnReads.run(conversationId, work);
  }

  rateLimiter(name: string, budget: RateBudget): RateLimiter {
    return sqliteRateLimiter(this.db, name, budget, this.writes);
  }

  async purgeExpired(): Promise<number> {
    const now = this.clock();
    return this.writes.run(
      () =>
        this.db.prepare(`DELETE FROM ${RATE_LIMITS_TABLE} WHERE expire < ?`).run(now).changes +
        this.idempotency.purge(now),
    );
  }

  static open(options: SqliteBackendOptions): SqliteBackend {
    makeDataDirPrivate(options.dataDir);
    const file = path.join(options.dataDir, SQLITE_FILE_NAME);
    createPrivateFile(file);
    const onStatement = options.onStatement;
    // Another backend of this process on the same file (a CLI command run in-process, tests) may
    // hold the write lock until its tick ends, which this synchronous open would never see.
    commitOpenBatch();
    const db = new Database(file, onStatement ? { verbose: (sql) => onStatement(String(sql)) } : {});
    try {
      configure(db, options.synchronous ?? 'full');
      const applied = migrate(db);
      if (applied.length > 0) options.logger.info({ file, applied }, 'storage schema migrated');
    } catch (error) {
      db.close();
      throw error;
    }
    options.logger.info({ file }, 'embedded storage opened');
    const backend = new SqliteBackend(db, options.logger, options.clock ?? Date.now, options.attachments);
    // Tickets stored before the worklist existed (or by an older version) join it now.
    const indexed = backend.worklist.indexMissing();
    if (indexed > 0) options.logger.info({ indexed }, 'tickets added to the worklist index');
    return backend;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('Storage: the embedded database is closed');
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signals.clear();
    // This backend's open batch, or another's in this process: the checkpoint waits for neither.
    commitOpenBatch();
    try {
      // Folds the WAL back into the main file so a copy of firstline.sqlite alone is complete.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      this.logger.warn({ err: error }, 'WAL checkpoint at close failed');
    }
    this.db.close();
  }
}

function configure(db: Database.Database, synchronous: 'normal' | 'full'): void {
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL never corrupts the file and keeps every commit across a killed process,
  // but may lose the last commits on an OS crash or power loss; FULL keeps those too at the cost
  // of one fsync per commit, which better-sqlite3 does on the event loop. SQLITE_SYNCHRONOUS picks.
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  // A CLI command may hold the write lock briefly while the server runs.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, so an erased user's messages (privacy delete,
  // retention) do not linger in free pages of the file.
  db.pragma('secure_delete = ON');
}
