import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { silentLogger } from '../../src/logging';
import { MongoBackend } from '../../src/storage/mongo/mongo-backend';
import { purgeRevisions, REVISION_GRACE_MS, type Revision } from '../../src/storage/mongo/mongo-documents';
import { COLLECTIONS } from '../../src/storage/mongo/mongo-schema';
import { TickInserts } from '../../src/storage/mongo/tick-inserts';
import type { StoredDocument } from '../../src/storage/ports';
import { range } from '../contract/contract-helpers';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';

const target = resolveMongoTarget();
const SUITE = 'storage-mongo-documents';

interface Claimable extends StoredDocument {
  state: 'queued' | 'assigned';
  by?: number;
}

if (mongoTestsEnabled(target, SUITE)) {
  describe('MongoDB documents: the unique index itself, stale revisions, retention', () => {
    let server: RunningMongo;
    let client: MongoClient;
    const dbName = `firstline_docs_${randomUUID().slice(0, 8)}`;
    const opened: MongoBackend[] = [];
    /** An instance whose writers are not serialised in-process: every race reaches the server. */
    const unserialised = async (): Promise<MongoBackend> => {
      const backend = await MongoBackend.connect({
        ...{ uri: server.uri, dbName, logger: silentLogger() },
        documents: { serializeInProcess: false },
      });
      opened.push(backend);
      return backend;
    };
    const revisions = () => client.db(dbName).collection<Revision>(COLLECTIONS.documents);

    beforeAll(async () => {
      server = await startMongoTarget(target);
      client = await new MongoClient(server.uri).connect();
    }, 30_000);

    afterAll(async () => {
      for (const backend of opened) await backend.close();
      if (client) {
        await client.db(dbName).dropDatabase();
        await client.close();
      }
      await server?.stop();
    });

    it('lets exactly one of 50 unserialised concurrent claims on one client win, 100 times over', async () => {
      const backend = await unserialised();
      const started = Date.now();
      let losersRetried = 0;
      for (let round = 0; round < 100; round++) {
        // A fresh collection name per round keeps each round's server-side scans small.
        const handoffs = backend.collection<Claimable>(`race${round}`);
        await handoffs.insert({ id: 'h', state: 'queued' });
        const results = await Promise.all(
          range(1, 50).map((by) => handoffs.update('h', { state: 'queued' }, { state: 'assigned', by })),
        );
        const winners = results.filter((result) => result !== undefined);
        expect(winners).toHaveLength(1);
        expect(await handoffs.get('h')).toEqual(winners[0]);
        losersRetried += results.length - 1;
      }
      process.stdout.write(
        `unserialised claim race 100x50: ${Date.now() - started} ms (${losersRetried} losers)\n`,
      );
    }, 240_000);

    it('loses no update among 30 unserialised writers whose where stays true', async () => {
      const docs = (await unserialised()).collection<StoredDocument & Record<string, unknown>>('counts');
      await docs.insert({ id: 'x' });
      const results = await Promise.all(range(1, 30).map((i) => docs.update('x', {}, { [`f${i}`]: i })));
      expect(results.every(Boolean)).toBe(true);
      const stored = await docs.get('x');
      expect(stored?.version).toBe(31);
      for (const i of range(1, 30)) expect(stored?.[`f${i}`]).toBe(i);
    }, 60_000);

    it('never serves an older revision left behind by a writer that stopped halfway', async () => {
      const backend = await unserialised();
      const docs = backend.collection<Claimable>('halfway');
      for (const i of range(1, 6)) await docs.insert({ id: `d${i}`, state: 'queued', by: i });
      for (const i of range(1, 4)) await docs.update(`d${i}`, {}, { state: 'assigned' });
      await backend.settle(); // the superseded revisions are stripped in a batch
      // As if every writer died before turning its predecessor into a placeholder.
      const stale = await revisions().find({ collection: 'halfway', old: true }).toArray();
      expect(stale).toHaveLength(4);
      for (const revision of stale) {
        const body = { state: 'queued', by: Number(revision.id.slice(1)) };
        await revisions().updateOne(
          { _id: revision._id },
          { $unset: { old: '' }, $set: { version: 1, json: JSON.stringify(body), d: body } },
        );
      }
      const queued = await docs.find({
        where: { state: 'queued' },
        orderBy: [{ field: 'by', direction: 'asc' }],
        limit: 2,
      });
      expect(queued.map((doc) => doc.id)).toEqual(['d5', 'd6']);
      expect((await docs.find({ where: { state: 'assigned' } })).map((doc) => doc.version)).toEqual([
        2, 2, 2, 2,
      ]);
      expect((await docs.get('d1'))?.state).toBe('assigned');
      expect(await docs.update('d1', { state: 'queued' }, { by: 0 })).toBeUndefined();
    });

    it('sees a document another instance created after this one read its id as absent', async () => {
      const here = (await unserialised()).collection<Claimable>('absent');
      const there = (await unserialised()).collection<Claimable>('absent');
      expect(await here.get('a')).toBeUndefined();
      expect(await here.get('a')).toBeUndefined(); // answered from revision 1's absence now
      await there.insert({ id: 'a', state: 'queued' });
      expect(await here.get('a')).toEqual({ id: 'a', version: 1, state: 'queued' });
      await expect(here.insert({ id: 'a', state: 'queued' })).rejects.toThrow();
      expect(await here.update('b', {}, { state: 'assigned' })).toBeUndefined();
      await there.insert({ id: 'b', state: 'queued' });
      expect((await here.update('b', {}, { state: 'assigned' }))?.version).toBe(2);
      expect((await there.get('b'))?.state).toBe('assigned');
    });

    it('purges placeholders after the grace period and tombstones after theirs, keeping documents', async () => {
      const backend = await unserialised();
      const docs = backend.collection<Claimable>('purge');
      await docs.insert({ id: 'kept', state: 'queued' });
      await docs.update('kept', {}, { state: 'assigned' });
      await docs.insert({ id: 'gone', state: 'queued' });
      await docs.delete('gone');
      await backend.settle(); // the superseded revisions are stripped in a batch
      const later = Date.now() + REVISION_GRACE_MS + 1000;
      expect(await purgeRevisions(client.db(dbName), later, new Date(later))).toBeGreaterThanOrEqual(3);
      expect(await revisions().countDocuments({ collection: 'purge' })).toBe(1);
      // A fresh instance, with nothing remembered, finds the document and can write it.
      const fresh = (await unserialised()).collection<Claimable>('purge');
      expect(await fresh.get('kept')).toEqual({ id: 'kept', version: 2, state: 'assigned' });
      expect((await fresh.update('kept', { state: 'assigned' }, { by: 1 }))?.version).toBe(3);
      expect(await fresh.get('gone')).toBeUndefined();
      expect((await fresh.insert({ id: 'gone', state: 'queued' })).version).toBe(1);
    });

    it("answers a turn's read of an owner record from the stamp its bot state read fetched, and sees another instance's writes", async () => {
      const sent: string[] = [];
      const connect = (onCommand?: (name: string, collection?: string) => void) =>
        MongoBackend.connect({ uri: server.uri, dbName, logger: silentLogger(), onCommand }).then(
          (backend) => {
            opened.push(backend);
            return backend;
          },
        );
      const here = await connect((name, collection) => sent.push(`${name} ${collection ?? ''}`));
      const there = await connect();
      const conversation = `stamped-${randomUUID()}`;
      const stateKey = `directline/conversations/${conversation}/`;
      type Owner = StoredDocument & { by: string };
      const owners = here.collection<Owner>('conversation-owners');
      const elsewhere = there.collection<Owner>('conversation-owners');
      /** A turn as the bot runs it: its conversation's state first, then the owner record. */
      const turn = () =>
        here.withinTurn(conversation, async () => {
          await here.botState.read([stateKey]);
          return owners.get(conversation);
        });
      const lookups = async (): Promise<[Owner | undefined, string[]]> => {
        sent.length = 0;
        const owner = await turn();
        return [owner, sent.filter((command) => command.endsWith(' documents'))];
      };

      await turn(); // found absent; the next turn fetches the stamp with the bot state
      await turn();
      expect(await lookups()).toEqual([undefined, []]);

      await elsewhere.insert({ id: conversation, by: 'there' });
      expect((await lookups())[0]).toMatchObject({ by: 'there', version: 1 });
      expect(await lookups()).toEqual([expect.objectContaining({ by: 'there', version: 1 }), []]);

      await elsewhere.update(conversation, {}, { by: 'there again' });
      expect((await lookups())[0]).toMatchObject({ by: 'there again', version: 2 });
      await owners.update(conversation, {}, { by: 'here' });
      expect(await lookups()).toEqual([expect.objectContaining({ by: 'here', version: 3 }), []]);

      // The stamps are storage's own: no privacy export or erasure lists them as bot state.
      expect(await there.botState.keysMatching((key) => key.includes(conversation))).toEqual([]);

      await elsewhere.delete(conversation);
      expect((await lookups())[0]).toBeUndefined();
      // A delete takes the stamp along, so nothing named after the conversation stays behind.
      const stamps = client.db(dbName).collection(COLLECTIONS.botState);
      expect(await stamps.countDocuments({ key: { $regex: `revision-stamp.*${conversation}` } })).toBe(0);
    });

    it('sends the inserts asked for in one tick as one command, each decided on its own', async () => {
      const sent: string[] = [];
      const monitored = await new MongoClient(server.uri, { monitorCommands: true }).connect();
      monitored.on('commandStarted', (event) => {
        if (event.commandName === 'insert') sent.push(String(event.command.insert));
      });
      try {
        const collection = monitored.db(dbName).collection<{ _id: string; n: number }>('tick_inserts');
        await collection.insertOne({ _id: 'taken', n: 0 });
        sent.length = 0;
        const inserts = new TickInserts(collection);
        const results = await Promise.all([
          inserts.insert({ _id: 'a', n: 1 }),
          inserts.insert({ _id: 'taken', n: 2 }),
          inserts.insert({ _id: 'b', n: 3 }),
          inserts.insert({ _id: 'a', n: 4 }),
        ]);
        expect(results).toEqual([true, false, true, false]);
        expect(sent).toEqual(['tick_inserts']);
        const stored = await collection.find({}, { sort: { _id: 1 } }).toArray();
        expect(stored).toEqual([
          { _id: 'a', n: 1 },
          { _id: 'b', n: 3 },
          { _id: 'taken', n: 0 },
        ]);
        // Asked for in a later tick: a command of its own.
        expect(await inserts.insert({ _id: 'c', n: 5 })).toBe(true);
        expect(sent).toHaveLength(2);
      } finally {
        await monitored.close();
      }
    });
  });
} else {
  it.skip(`${SUITE}: no MongoDB-compatible server (see console)`, () => undefined);
}
