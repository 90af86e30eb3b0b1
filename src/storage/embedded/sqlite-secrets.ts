import type Database from 'better-sqlite3';
import { eachCommitsAlone, type Writes } from './group-commit';
import type { SecretStore } from '../ports';

export class SqliteSecrets implements SecretStore {
  private readonly select: Database.Statement<[string], { value: string }>;
  private readonly insertIfAbsent: Database.Statement<[string, string, string]>;

  constructor(
    db: Database.Database,
    private readonly writes: Writes = eachCommitsAlone,
  ) {
    this.select = db.prepare('SELECT value FROM secrets WHERE name = ?');
    this.insertIfAbsent = db.prepare(
      'INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
    );
  }

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const existing = this.select.get(name);
    if (existing) return existing.value;
    const value = create();
    await this.writes.run(() => this.insertIfAbsent.run(name, value, new Date().toISOString()));
    // Another process may have won between the read and the insert: the stored value is the answer.
    const stored = this.select.get(name);
    if (!stored) throw new Error(`Storage: secret ${name} vanished right after it was stored`);
    return stored.value;
  }
}
