import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreItems } from 'botbuilder';
import type { BotStateStore, DocumentCollection, StoredDocument } from './ports';

/** A document by its collection and id, for reading several at once. */
export interface DocumentRef {
  collection: string;
  id: string;
}

/** Reads several documents of any collections, in the order asked (undefined when absent). */
export type ReadDocuments = (refs: readonly DocumentRef[]) => Promise<(StoredDocument | undefined)[]>;

/**
 * How many conversations' read sets are remembered for the next turn, the least recently active
 * dropped first: the conversations that are talking now. A conversation that was dropped reads
 * each record on its own in its next turn (more statements, the same records).
 */
const REMEMBERED_CONVERSATIONS = 2_000;

interface ReadSet {
  botState: string[];
  documents: DocumentRef[];
}

/** What one turn has read so far; closed when the turn ends, so work it left behind reads afresh. */
interface Scope {
  open: boolean;
  botState: Map<string, Promise<Record<string, unknown> | undefined>>;
  documents: Map<string, Promise<StoredDocument | undefined>>;
  /** Read by the conversation's previous turn: fetched with this turn's first read of the kind. */
  ahead: ReadSet;
  read: { botState: Set<string>; documents: Map<string, DocumentRef> };
  /** Work put off until the turn ends, by key: the same key asked twice runs once. */
  atEnd: Map<string, () => void>;
}

const documentKey = (collection: string, id: string) => `${collection}\u0000${id}`;

/**
 * A per-turn read cache in front of a backend's bot state and documents. Inside `run`, each record
 * is read from the database once; writes through the same store update or drop what was cached.
 * The records a conversation's turn read are remembered, and its next turn reads them all with
 * its first read (one statement or query instead of one per record; documents only where the
 * backend reads several at once): a turn reads what the one before it read. Outside `run` (console, background work) every read goes to the database.
 * Callers get copies, so two readers of one record in a turn never share an object.
 */
export class TurnReads {
  private readonly scopes = new AsyncLocalStorage<Scope>();
  private readonly remembered = new Map<string, ReadSet>();

  /**
   * `readDocuments` reads several documents in one statement (SQLite). Without it (MongoDB, where
   * each document is a lookup of its own: FerretDB pushes down only `_id` equality) documents are
   * not read ahead: a read ahead would cost a round trip of its own, wasted when this turn does
   * not need what the one before read (such as a record another cache answers for a while).
   */
  constructor(private readonly readDocuments?: ReadDocuments) {}

  /** Runs one turn of a conversation with its reads cached; a turn inside a turn shares the outer scope. */
  async run<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    if (this.current()) return work();
    const scope: Scope = {
      open: true,
      botState: new Map(),
      documents: new Map(),
      ahead: this.remembered.get(conversationId) ?? { botState: [], documents: [] },
      read: { botState: new Set(), documents: new Map() },
      atEnd: new Map(),
    };
    try {
      const result = await this.scopes.run(scope, work);
      this.remember(conversationId, {
        botState: [...scope.read.botState],
        documents: [...scope.read.documents.values()],
      });
      return result;
    } finally {
      scope.open = false;
      for (const task of scope.atEnd.values()) task();
    }
  }

  /**
   * Puts `task` off until the current turn ends (once per key however often it is asked for), and
   * says so; outside a turn (or after it ended) it returns false and the caller runs it now.
   */
  atTurnEnd(key: string, task: () => void): boolean {
    const scope = this.current();
    if (!scope) return false;
    scope.atEnd.set(key, task);
    return true;
  }

  botState(inner: BotStateStore): BotStateStore {
    return {
      read: (keys) => this.readBotState(inner, keys),
      write: async (changes) => {
        await inner.write(changes);
        this.forgetBotState(Object.keys(changes));
      },
      delete: async (keys) => {
        await inner.delete(keys);
        this.forgetBotState(keys);
      },
      keysMatching: (test) => inner.keysMatching(test),
      purge: (before) => inner.purge(before),
      erase: async (keys) => {
        const erased = await inner.erase(keys);
        this.forgetBotState(keys);
        return erased;
      },
    };
  }

  collection<T extends StoredDocument>(name: string, inner: DocumentCollection<T>): DocumentCollection<T> {
    const cache = (id: string, value: Promise<T | undefined>) =>
      this.current()?.documents.set(documentKey(name, id), value);
    return {
      get: (id) => this.getDocument(name, inner, id),
      insert: async (document) => {
        const id = (document as { id: string }).id;
        try {
          const stored = await inner.insert(document);
          cache(id, Promise.resolve(stored));
          return copy(stored);
        } catch (error) {
          this.current()?.documents.delete(documentKey(name, id));
          throw error;
        }
      },
      update: async (id, where, patch) => {
        const updated = await inner.update(id, where, patch);
        // Not updated: the stored document is not what this turn knows; read it again if asked.
        if (updated) cache(id, Promise.resolve(updated));
        else this.current()?.documents.delete(documentKey(name, id));
        return copy(updated);
      },
      find: (query) => inner.find(query),
      tally: (query) => inner.tally(query),
      delete: async (id) => {
        const deleted = await inner.delete(id);
        cache(id, Promise.resolve(undefined));
        return deleted;
      },
    };
  }

  /**
   * A bot state item as this turn's reads already fetched it (undefined for an absent item), without
   * a read of its own: `{ fetched: false }` outside a turn or when no read of this turn took the
   * key along. The key is then read ahead with the first bot state read of the conversation's next
   * turn.
   */
  async fetchedBotState(
    key: string,
  ): Promise<{ fetched: true; item: Record<string, unknown> | undefined } | { fetched: false }> {
    const scope = this.current();
    if (!scope) return { fetched: false };
    scope.read.botState.add(key);
    const fetched = scope.botState.get(key);
    if (!fetched) return { fetched: false };
    return { fetched: true, item: copy(await fetched) };
  }

  private current(): Scope | undefined {
    const scope = this.scopes.getStore();
    return scope?.open ? scope : undefined;
  }

  private async readBotState(inner: BotStateStore, keys: string[]): Promise<StoreItems> {
    const scope = this.current();
    if (!scope) return inner.read(keys);
    const missing = keys.filter((key) => !scope.botState.has(key));
    if (missing.length > 0) {
      const ahead = scope.ahead.botState.filter((key) => !scope.botState.has(key) && !missing.includes(key));
      scope.ahead.botState = [];
      const all = [...missing, ...ahead];
      const fetched = inner.read(all);
      for (const key of all) {
        scope.botState.set(
          key,
          settled(fetched.then((items) => items[key] as Record<string, unknown> | undefined)),
        );
      }
    }
    const items: StoreItems = {};
    for (const key of keys) {
      scope.read.botState.add(key);
      const item = await scope.botState.get(key);
      if (item !== undefined) items[key] = copy(item);
    }
    return items;
  }

  /** Drops cached bot state items of this turn (written past the store). */
  forgetBotState(keys: readonly string[]): void {
    const scope = this.current();
    for (const key of keys) scope?.botState.delete(key);
  }

  private async getDocument<T extends StoredDocument>(
    name: string,
    inner: DocumentCollection<T>,
    id: string,
  ): Promise<T | undefined> {
    const scope = this.current();
    if (!scope) return inner.get(id);
    const key = documentKey(name, id);
    scope.read.documents.set(key, { collection: name, id });
    if (!scope.documents.has(key)) {
      const ahead = scope.ahead.documents.filter(
        (ref) =>
          !scope.documents.has(documentKey(ref.collection, ref.id)) &&
          documentKey(ref.collection, ref.id) !== key,
      );
      scope.ahead.documents = [];
      if (ahead.length === 0 || !this.readDocuments) {
        scope.documents.set(key, inner.get(id));
      } else {
        const refs = [{ collection: name, id }, ...ahead];
        const fetched = this.readDocuments(refs);
        refs.forEach((ref, i) => {
          scope.documents.set(
            documentKey(ref.collection, ref.id),
            settled(fetched.then((documents) => documents[i])),
          );
        });
      }
    }
    return copy((await scope.documents.get(key)) as T | undefined);
  }

  private remember(conversationId: string, reads: ReadSet): void {
    this.remembered.delete(conversationId); // re-inserted last: least recently used first
    this.remembered.set(conversationId, reads);
    if (this.remembered.size > REMEMBERED_CONVERSATIONS) {
      this.remembered.delete(this.remembered.keys().next().value!);
    }
  }
}

/** A read fetched ahead may never be asked for: its failure must not go unhandled. */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function copy<T>(value: T): T {
  return value === undefined ? value : (copyValue(value) as T);
}

/**
 * A deep copy of what storage returns. Records are plain JSON (objects, arrays, strings, numbers),
 * which a walk copies several times faster than structuredClone, and a turn copies a few records
 * per read; anything else (a Date, a driver's ObjectId) is left to structuredClone.
 */
function copyValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValue);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = copyValue(record[key]);
  return out;
}
