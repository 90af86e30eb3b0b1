import type { Config } from '../config/config';
import type { Logger } from '../logging';
import { SqliteBackend } from './embedded/sqlite-backend';
import { FolderAttachments } from './folder-attachments';
import type { StorageBackend } from './ports';

export type * from './ports';
export { DuplicateKeyError, ERASED_EVENT } from './ports';
export { memoryRateLimiter } from './rate-limits';
export { FolderAttachments } from './folder-attachments';
export { RecentlySeen } from './recently-seen';
export { beginDelivery, stalledDeliveries, DELIVERY_TTL_MS } from './deliveries';
export { Lease, LeasedJob, type LeasedJobOptions } from './lease';
export { firstResponseAt, ticketFigures, type TicketFigures, type TicketFiguresRow } from './ticket-figures';

/** Sees every statement (SQLite) or command (MongoDB) the store sends: how the benchmark counts them. */
export interface StorageObserver {
  onStatement?: (sql: string) => void;
  /** With the collection a command works on (find, insert, update, delete, ...). */
  onCommand?: (commandName: string, collection?: string) => void;
}

/** MongoDB when MONGODB_URI is set (several instances can share it), else SQLite in DATA_DIR. */
export async function createStorage(
  config: Pick<Config, 'storage'>,
  logger: Logger,
  observer: StorageObserver = {},
): Promise<StorageBackend> {
  const { mongoUri, mongoDb, dataDir, attachmentDir } = config.storage;
  const attachments = attachmentDir ? new FolderAttachments(attachmentDir) : undefined;
  if (mongoUri) {
    // Loaded only when used: the MongoDB driver and bson cost an embedded server ~30 MiB of RSS.
    const { MongoBackend } = await import('./mongo/mongo-backend');
    return MongoBackend.connect({
      uri: mongoUri,
      dbName: mongoDb,
      logger,
      attachments,
      onCommand: observer.onCommand,
    });
  }
  return SqliteBackend.open({
    dataDir,
    logger,
    synchronous: config.storage.sqliteSynchronous,
    attachments,
    onStatement: observer.onStatement,
  });
}
