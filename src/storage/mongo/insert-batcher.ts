import { MongoBulkWriteError, MongoServerError, type Collection, type Document } from 'mongodb';

/**
 * Inserts into one collection that callers start in the same turn of the event loop go to the
 * server as one unordered `insertMany` (one round trip), each caller still told about its own
 * document alone: a duplicate key rejects only the insert it concerns, with the server's code, as
 * `insertOne` would. Used for document revisions: the bot's answer usually writes two (the bot
 * chat and the case record) at the same moment. A lone insert is sent as `insertOne`.
 */
export class InsertBatcher<T extends Document> {
  private pending: { document: T; settle: (error?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly collection: Collection<T>) {}

  insert(document: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ document, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the promises already running have reached their inserts; no timer, no added wait.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (batch.length === 1) {
      const [only] = batch;
      await this.collection.insertOne(only!.document as never).then(
        () => only!.settle(),
        (error: unknown) => only!.settle(error),
      );
      return;
    }
    try {
      await this.collection.insertMany(
        batch.map((entry) => entry.document as never),
        { ordered: false },
      );
      for (const entry of batch) entry.settle();
    } catch (error) {
      const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
      const concern = (error as { err?: unknown }).err !== undefined;
      if (writeErrors.length === 0 || concern) {
        // Not one document's fault (connection, write concern): none counts as stored, and none as a
        // duplicate either, so no caller retries a write that may have been applied.
        const failure = new Error('Storage: a batch of document revisions could not be inserted', {
          cause: error,
        });
        for (const entry of batch) entry.settle(failure);
        return;
      }
      const failed = new Map<number, unknown>();
      for (const writeError of writeErrors) {
        failed.set(
          writeError.index,
          new MongoServerError({ message: writeError.errmsg ?? 'insert failed', code: writeError.code }),
        );
      }
      batch.forEach((entry, i) => entry.settle(failed.get(i)));
    }
  }
}
