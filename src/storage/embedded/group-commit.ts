import type Database from 'better-sqlite3';

/** The statements that open and end a batch, told apart from a `db.transaction()`'s by their text. */
export const GROUP_BEGIN_SQL = 'BEGIN IMMEDIATE TRANSACTION';
export const GROUP_COMMIT_SQL = 'COMMIT TRANSACTION';

/** How the embedded stores run their writes: synchronously, answered once they are committed. */
export interface Writes {
  run<R>(write: () => R): Promise<R>;
}

/** Every write commits on its own (SQLite's autocommit): for stores used outside the backend. */
export const eachCommitsAlone: Writes = {
  run: async (write) => write(),
};

/**
 * Commits the batch open in this thread. Another connection of the same process (tests
 * open several backends on one file) commits it first: its write would otherwise wait, blocking,
 * for a lock that only this thread can release.
 */
let flushOpenBatch: (() => void) | undefined;

/** Before another connection of this process writes outside a GroupCommit (opening migrates). */
export function commitOpenBatch(): void {
  flushOpenBatch?.();
}

interface Batch {
  committed: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: the writes of one event loop tick (any turn's) share one transaction. The tick's
 * first write runs alone and commits at once, as it would without grouping, so a quiet server
 * writes exactly as before; a second write in the same tick opens a transaction that the later
 * writes of the tick join, and one COMMIT ends it when the tick is over (setImmediate). Under load
 * a tick holds the writes of many turns, and each commit appends the pages it changed to the WAL,
 * so fewer commits write fewer frames and checkpoint less often.
 *
 * A write is answered only after its commit, so nothing is acknowledged before it is durable at
 * the configured `synchronous` level. A failing statement is undone alone (SQLite's statement
 * rollback) and rejects only its caller; an error that ends the whole transaction (disk full, I/O)
 * rejects every write of the batch, none of which is stored. Reads on the connection see the
 * batch's writes. `db.transaction()` inside a batch becomes a savepoint (better-sqlite3 does that
 * whenever a transaction is open). The batch holds the write lock until the tick ends: another
 * process (a CLI command) waits for it through busy_timeout, as it waits for any write.
 */
export class GroupCommit implements Writes {
  private readonly begin: Database.Statement<[]>;
  private readonly commit: Database.Statement<[]>;
  private readonly rollback: Database.Statement<[]>;
  /** True from the tick's first write until the tick ends. */
  private inTick = false;
  /** The open transaction of the tick's later writes. */
  private batch: Batch | undefined;
  private readonly flushThis = (): void => this.flush();

  constructor(private readonly db: Database.Database) {
    this.begin = db.prepare(GROUP_BEGIN_SQL);
    this.commit = db.prepare(GROUP_COMMIT_SQL);
    this.rollback = db.prepare('ROLLBACK');
  }

  run<R>(write: () => R): Promise<R> {
    if (flushOpenBatch !== undefined && flushOpenBatch !== this.flushThis) flushOpenBatch();
    if (!this.inTick) {
      this.inTick = true;
      setImmediate(() => this.endTick());
      return settledNow(write);
    }
    // A transaction someone else opened (a write run from inside db.transaction()) is theirs.
    if (!this.batch && this.db.inTransaction) return settledNow(write);
    let batch: Batch;
    try {
      batch = this.batch ?? this.open();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    let result: R;
    try {
      result = write();
    } catch (error) {
      // SQLite rolled back the whole transaction: none of the batch's writes is stored.
      if (!this.db.inTransaction) this.fail(batch, error);
      return Promise.reject(error as Error);
    }
    return batch.committed.then(() => result);
  }

  /** Commits the open batch now (before a checkpoint or close). */
  flush(): void {
    if (this.batch) this.commitBatch(this.batch);
  }

  private open(): Batch {
    this.begin.run();
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const committed = new Promise<void>((settled, failed) => {
      resolve = settled;
      reject = failed;
    });
    // A batch whose only writer failed on its own statement has no handler left.
    committed.catch(() => undefined);
    this.batch = { committed, resolve, reject };
    flushOpenBatch = this.flushThis;
    return this.batch;
  }

  private endTick(): void {
    this.inTick = false;
    this.flush();
  }

  private commitBatch(batch: Batch): void {
    try {
      this.commit.run();
    } catch (error) {
      try {
        if (this.db.inTransaction) this.rollback.run();
      } finally {
        this.fail(batch, error);
      }
      return;
    }
    this.closeBatch(batch);
    batch.resolve();
  }

  /** The batch's transaction is gone: every write in it is rejected. */
  private fail(batch: Batch, error: unknown): void {
    this.closeBatch(batch);
    batch.reject(error);
  }

  private closeBatch(batch: Batch): void {
    if (this.batch === batch) this.batch = undefined;
    if (flushOpenBatch === this.flushThis) flushOpenBatch = undefined;
  }
}

function settledNow<R>(write: () => R): Promise<R> {
  try {
    return Promise.resolve(write());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
