import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Binary, MongoClient } from 'mongodb';
import { silentLogger } from '../../src/logging';
import { SqliteBackend, SQLITE_FILE_NAME } from '../../src/storage/embedded/sqlite-backend';
import { FolderAttachments } from '../../src/storage/folder-attachments';
import { MongoBackend } from '../../src/storage/mongo/mongo-backend';
import type { StorageBackend } from '../../src/storage/ports';
import { mongoTestsEnabled, resolveMongoTarget, startMongoTarget, type RunningMongo } from './mongo-target';

/** A settable clock shared by the backend and the code under test. */
export interface TestClock {
  now: number;
}

/** A fresh, empty backend and a way to read back every byte of text it stores. */
export interface BackendUnderTest {
  storage: StorageBackend;
  clock: TestClock;
  /** The settings that point another process or CLI command at the same data. */
  env: Record<string, string>;
  /**
   * Every table (SQLite) or collection (MongoDB) with all its rows as text, found by listing
   * them, so that a store added later is scanned without changing the test.
   */
  dumpEverything(): Promise<Record<string, string>>;
  /** SQLite only: the database file's bytes after folding the WAL back into it. */
  rawFiles?(): Promise<Buffer>;
}

type Use = (backend: BackendUnderTest) => Promise<void>;

/**
 * Runs `define` once for SQLite and once for MongoDB (FerretDB or MONGODB_URI; skipped outside CI
 * when neither is there, a failure in CI). `withBackend` gives a test a fresh backend on its own
 * file or database, with its own clock, closed (and dropped) after the test.
 */
export function describeEachBackend(
  suite: string,
  define: (withBackend: (use: Use) => Promise<void>) => void,
): void {
  for (const folder of [false, true]) {
    // Also with users' files in a folder of their own (ATTACHMENT_DIR) instead of the database.
    describe(`${suite} (sqlite${folder ? ', files in ATTACHMENT_DIR' : ''})`, () => {
      define(async (use) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-backend-'));
        const filesDir = path.join(dir, 'files');
        const clock = { now: Date.now() };
        const storage = SqliteBackend.open({
          dataDir: dir,
          logger: silentLogger(),
          clock: () => clock.now,
          ...(folder ? { attachments: new FolderAttachments(filesDir) } : {}),
        });
        const file = path.join(dir, SQLITE_FILE_NAME);
        try {
          await use({
            storage,
            clock,
            env: { DATA_DIR: dir, MONGODB_URI: '', ...(folder ? { ATTACHMENT_DIR: filesDir } : {}) },
            dumpEverything: async () => ({ ...(await dumpSqlite(file)), ...dumpFolder(filesDir) }),
            rawFiles: async () => {
              const db = new Database(file);
              try {
                db.pragma('wal_checkpoint(TRUNCATE)');
              } finally {
                db.close();
              }
              return fs.readFileSync(file);
            },
          });
        } finally {
          await storage.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }

  const target = resolveMongoTarget();
  if (!mongoTestsEnabled(target, suite)) return;
  describe(`${suite} (mongodb)`, () => {
    let server: RunningMongo;
    let client: MongoClient;
    beforeAll(async () => {
      server = await startMongoTarget(target);
      client = await new MongoClient(server.uri).connect();
    }, 30_000);
    afterAll(async () => {
      await client?.close();
      await server?.stop();
    });
    define(async (use) => {
      const dbName = `firstline_each_${randomUUID().slice(0, 8)}`;
      const clock = { now: Date.now() };
      const storage = await MongoBackend.connect({
        uri: server.uri,
        dbName,
        logger: silentLogger(),
        clock: () => clock.now,
      });
      try {
        await use({
          storage,
          clock,
          env: { MONGODB_URI: server.uri, MONGODB_DB: dbName },
          dumpEverything: () => dumpMongo(client, dbName),
        });
      } finally {
        await storage.close();
        await client.db(dbName).dropDatabase();
      }
    });
  });
}

/** Every file under `dir` (ATTACHMENT_DIR), as text, by its path. */
function dumpFolder(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const dump: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) dump[`ATTACHMENT_DIR/${name}`] = fs.readFileSync(file, 'utf8');
  }
  return dump;
}

export async function dumpSqlite(file: string): Promise<Record<string, string>> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name);
    const dump: Record<string, string> = {};
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all();
      dump[table] = JSON.stringify(rows, binaryAsText);
    }
    return dump;
  } finally {
    db.close();
  }
}

async function dumpMongo(client: MongoClient, dbName: string): Promise<Record<string, string>> {
  const db = client.db(dbName);
  const dump: Record<string, string> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    dump[name] = JSON.stringify(await db.collection(name).find({}).toArray(), binaryAsText);
  }
  return dump;
}

/** Binary columns and fields (file contents) as text, so that words inside them are found too. */
function binaryAsText(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (raw instanceof Binary) return Buffer.from(raw.buffer).toString('utf8');
  return value;
}
