import type { Db } from 'mongodb';
import type { CounterStore } from '../ports';
import { COLLECTIONS } from './mongo-schema';
import { SequentialInserter } from './sequential-inserter';

/**
 * One small document per number, unique on (name, n). FerretDB 1.24's findOneAndUpdate($inc)
 * handed out duplicates under concurrency, so the unique index decides who gets each number.
 * Documents are never deleted: a writer that cached its next number relies on a taken number
 * staying taken, or it could hand out a number twice.
 */
export class MongoCounters implements CounterStore {
  private readonly inserter: SequentialInserter;

  constructor(db: Db) {
    this.inserter = new SequentialInserter(db.collection(COLLECTIONS.counters), 'name', 'n', 1);
  }

  async next(name: string): Promise<number> {
    const { number } = await this.inserter.insert(name, (n) => ({ name, n, at: new Date() }));
    return number;
  }
}
