import type Database from 'better-sqlite3';
import { eachCommitsAlone, type Writes } from './group-commit';
import type { CounterStore } from '../ports';

export class SqliteCounters implements CounterStore {
  private readonly increment: Database.Statement<[string], { value: number }>;

  constructor(
    db: Database.Database,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    // One statement: the increment and the read happen under the same write lock.
    this.increment = db.prepare(
      'INSERT INTO counters (name, value) VALUES (?, 1) ' +
        'ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
    );
  }

  async next(name: string): Promise<number> {
    const row = await this.writes.run(() => this.increment.get(name));
    if (!row) throw new Error(`Storage: counter ${name} returned no value`);
    return row.value;
  }
}
