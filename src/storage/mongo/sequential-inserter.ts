import type { Collection, Document } from 'mongodb';
import { KeyedMutex } from '../keyed-mutex';
import { isDuplicateKey } from './mongo-errors';

const MAX_ATTEMPTS = 50;
/** Remembered next numbers; older conversations fall out and are looked up again. */
const CACHE_LIMIT = 10_000;

/**
 * Inserts documents numbered consecutively per scope (seq per conversation, Direct Line index).
 *
 * Why not a counters collection with findOneAndUpdate($inc): FerretDB 1.24 executes it as
 * read-then-write, and 30 concurrent increments were measured returning duplicate numbers. A
 * unique index on (scope, number) is enforced atomically by both servers, so the insert itself
 * is the arbiter: on a duplicate we look up the highest number and try the next. Within one
 * process a mutex per scope makes retries rare; they only happen across instances. As a bonus a
 * number is consumed only by a stored document, so there are never gaps.
 */
export class SequentialInserter {
  private readonly mutex = new KeyedMutex();
  private readonly nextByScope = new Map<string, number>();

  constructor(
    private readonly collection: Collection<Document>,
    private readonly scopeField: string,
    private readonly numberField: string,
    private readonly firstNumber: number,
    /**
     * A scope this process knows nothing of is first tried at firstNumber, without looking up its
     * highest number: most such scopes are new (a conversation's first activity or transcript line),
     * and the lookup is a sorted query FerretDB 1.24 decodes the whole collection for. A scope that
     * has numbers costs one refused insert, then the lookup. Only for scopes whose documents are
     * deleted all together, never the lowest numbers alone: else firstNumber could be free while
     * higher numbers are taken, and the insert would go in below them.
     */
    private readonly unknownScopesStartFirst = false,
  ) {}

  /** The number to try first in a scope: remembered, guessed (see unknownScopesStartFirst) or looked up. */
  private async firstTry(scope: string): Promise<number> {
    const known = this.nextByScope.get(scope);
    if (known !== undefined) return known;
    return this.unknownScopesStartFirst ? this.firstNumber : this.lookUpNext(scope);
  }

  insert<T extends Document>(
    scope: string,
    build: (n: number) => T,
  ): Promise<{ number: number; document: T }> {
    return this.insertIf(scope, () => true, build) as Promise<{ number: number; document: T }>;
  }

  /**
   * Like insert(), but asks `accept` first about the number the document would get, and inserts
   * nothing (resolving undefined) when it says no. Asked again if another instance takes the number.
   */
  insertIf<T extends Document>(
    scope: string,
    accept: (n: number) => boolean | Promise<boolean>,
    build: (n: number) => T,
  ): Promise<{ number: number; document: T } | undefined> {
    return this.mutex.run(scope, async () => {
      let n = await this.firstTry(scope);
      for (let attempt = 1; ; attempt++) {
        if (!(await accept(n))) return undefined;
        const document = build(n);
        try {
          // A copy: the driver adds _id to the object it is given.
          await this.collection.insertOne({ ...document });
          this.remember(scope, n + 1);
          return { number: n, document };
        } catch (error) {
          if (!isDuplicateKey(error) || attempt >= MAX_ATTEMPTS) {
            this.nextByScope.delete(scope);
            throw error;
          }
          n = await this.lookUpNext(scope);
        }
      }
    });
  }

  /**
   * Inserts the documents built for consecutive numbers in one ordered insert. A number another
   * instance took stops it there: what went in stays, the rest is tried again after the highest
   * number stored, so the documents keep their order (not necessarily adjacent numbers then).
   */
  insertAll<T extends Document>(scope: string, builds: readonly ((n: number) => T)[]): Promise<T[]> {
    return this.mutex.run(scope, async () => {
      const inserted: T[] = [];
      let n = await this.firstTry(scope);
      for (let attempt = 1; inserted.length < builds.length; attempt++) {
        const documents = builds.slice(inserted.length).map((build, i) => build(n + i));
        try {
          // Copies: the driver adds _id to the objects it is given.
          await this.collection.insertMany(
            documents.map((document) => ({ ...document })),
            { ordered: true },
          );
          inserted.push(...documents);
          n += documents.length;
        } catch (error) {
          if (!isDuplicateKey(error) || attempt >= MAX_ATTEMPTS) {
            this.nextByScope.delete(scope);
            throw error;
          }
          inserted.push(...documents.slice(0, insertedBefore(error)));
          n = await this.lookUpNext(scope);
        }
      }
      this.remember(scope, n);
      return inserted;
    });
  }

  private async lookUpNext(scope: string): Promise<number> {
    const last = await this.collection.findOne(
      { [this.scopeField]: scope },
      { sort: { [this.numberField]: -1 }, projection: { [this.numberField]: 1 } },
    );
    const value = last?.[this.numberField] as unknown;
    return typeof value === 'number' ? value + 1 : this.firstNumber;
  }

  private remember(scope: string, next: number): void {
    this.nextByScope.delete(scope);
    this.nextByScope.set(scope, next);
    if (this.nextByScope.size > CACHE_LIMIT) {
      const oldest = this.nextByScope.keys().next();
      if (!oldest.done) this.nextByScope.delete(oldest.value);
    }
  }
}

/** How many documents of an ordered insertMany went in before the error that stopped it. */
function insertedBefore(error: unknown): number {
  const count = (error as { insertedCount?: unknown }).insertedCount;
  return typeof count === 'number' ? count : 0;
}
