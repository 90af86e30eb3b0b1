import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey } from './mongo-errors';

interface Waiting<T> {
  document: T;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Inserts into one collection asked for in the same event loop tick, sent as one unordered
 * `insert` command: a turn that writes two records at once (its chat record and a guided flow's
 * case record, both revisions in `documents`) costs one round trip, and under load the revisions
 * of several turns share one. Each document is still decided on its own: the unique index refuses
 * a duplicate (`false` for that caller, as from insertOne), the others go in; an error that is not
 * a refused key rejects the callers of the documents it concerns, or of the whole command when it
 * names none. Nothing waits longer than the tick it was asked in: a lone insert is an insertOne.
 */
export class TickInserts<T extends Document> {
  private waiting: Waiting<T>[] = [];

  constructor(private readonly collection: Collection<T>) {}

  /** True once stored; false when the unique index refused it (another writer holds the key). */
  insert(document: T): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ document, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 1) {
      const [only] = batch;
      try {
        await this.collection.insertOne(only!.document as OptionalUnlessRequiredId<T>);
        only!.resolve(true);
      } catch (error) {
        if (isDuplicateKey(error)) only!.resolve(false);
        else only!.reject(error);
      }
      return;
    }
    try {
      await this.collection.insertMany(
        batch.map((waiting) => waiting.document as OptionalUnlessRequiredId<T>),
        { ordered: false },
      );
      for (const waiting of batch) waiting.resolve(true);
    } catch (error) {
      const failed = error instanceof MongoBulkWriteError ? writeErrorsOf(error) : undefined;
      if (!failed) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      batch.forEach((waiting, index) => {
        const writeError = failed.get(index);
        if (!writeError) waiting.resolve(true);
        else if (writeError.code === 11000) waiting.resolve(false);
        else waiting.reject(error);
      });
    }
  }
}

/**
 * The failed documents of an unordered insert by their index in the batch; undefined when the
 * error is not about single documents (such as a write concern that was not met), since then the
 * inserts it reports as done may not be durable.
 */
function writeErrorsOf(error: MongoBulkWriteError): Map<number, { code: number }> | undefined {
  if (error.err !== undefined || error.result.getWriteConcernError() !== undefined) return undefined;
  const list = error.result.getWriteErrors();
  if (list.length === 0) return undefined;
  return new Map(list.map((writeError) => [writeError.index, { code: writeError.code }]));
}
