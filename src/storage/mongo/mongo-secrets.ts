import type { Collection, Db } from 'mongodb';
import type { SecretStore } from '../ports';
import { isDuplicateKey } from './mongo-errors';
import { COLLECTIONS } from './mongo-schema';

interface SecretDocument {
  _id: string;
  value: string;
  createdAt: Date;
}

export class MongoSecrets implements SecretStore {
  private readonly secrets: Collection<SecretDocument>;

  constructor(db: Db) {
    this.secrets = db.collection<SecretDocument>(COLLECTIONS.secrets);
  }

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const existing = await this.secrets.findOne({ _id: name });
    if (existing) return existing.value;
    const value = create();
    try {
      await this.secrets.insertOne({ _id: name, value, createdAt: new Date() });
      return value;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    // Another instance stored it first; its value wins everywhere.
    const stored = await this.secrets.findOne({ _id: name });
    if (!stored) throw new Error(`Storage: secret ${name} vanished right after a conflicting insert`);
    return stored.value;
  }
}
