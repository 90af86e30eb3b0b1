import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { silentLogger } from '../../src/logging';
import { MongoBackend } from '../../src/storage/mongo/mongo-backend';
import { COLLECTIONS } from '../../src/storage/mongo/mongo-schema';
import { idHash } from '../../src/storage/mongo/mongo-worklist';
import type { StoredDocument } from '../../src/storage/ports';
import { WORKLIST_ROW_VERSION } from '../../src/storage/worklist';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';

const target = resolveMongoTarget();
const SUITE = 'storage-mongo-worklist';

interface Ticket extends StoredDocument {
  number: string;
  status: string;
  createdAt: string;
  category: string;
  rating?: { score: number };
}

interface Row {
  _id: string;
  status: string;
  figuresV?: number;
  text?: string;
  figures?: { rating: number | null };
  h?: number;
}

if (mongoTestsEnabled(target, SUITE)) {
  describe('MongoDB worklist at start: only stale, missing and orphaned rows are touched', () => {
    let server: RunningMongo;
    let client: MongoClient;
    const dbName = `firstline_worklist_${randomUUID().slice(0, 8)}`;
    const opened: MongoBackend[] = [];
    const rows = () => client.db(dbName).collection<Row>(COLLECTIONS.worklist);
    const connect = async (onCommand?: (name: string, collection?: string) => void) => {
      const backend = await MongoBackend.connect({
        uri: server.uri,
        dbName,
        logger: silentLogger(),
        onCommand,
      });
      opened.push(backend);
      return backend;
    };

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

    it('derives stale figures again, adds missing rows, drops orphans and leaves up-to-date rows unread', async () => {
      const first = await connect();
      const tickets = first.collection<Ticket>('tickets');
      const ticket = (n: number): Omit<Ticket, 'version'> => ({
        id: `t${n}`,
        number: `HD-${n}`,
        status: 'open',
        createdAt: `2026-12-0${n}T10:00:00.000Z`,
        category: 'hardware',
        rating: { score: n },
      });
      for (const n of [1, 2, 3, 4]) await tickets.insert(ticket(n));
      await tickets.insert(ticket(5));
      expect(await tickets.delete('t5')).toBe(true);
      await first.settle();
      await first.close();

      // t1: derived by the version before (figures, and words without the category); t2: its row lost (a crash after the ticket);
      // t3: up to date, but altered here so that a rewrite would show; t4: written before rows
      // carried their id's hash; t9: a row without ticket (as many rows as tickets then).
      await rows().updateOne(
        { _id: 't1' },
        { $set: { figuresV: WORKLIST_ROW_VERSION - 1, text: 'hd 1', figures: { rating: null } } },
      );
      await rows().deleteOne({ _id: 't2' });
      await rows().updateOne({ _id: 't3' }, { $set: { status: 'altered' } });
      await rows().updateOne({ _id: 't4' }, { $unset: { h: '' } });
      await rows().insertOne({
        _id: 't9',
        status: 'open',
        figuresV: WORKLIST_ROW_VERSION,
        h: idHash('t9'),
      });
      expect(await rows().countDocuments({})).toBe(4);

      const second = await connect();
      const byId = new Map((await rows().find({}).toArray()).map((row) => [row._id, row]));
      expect([...byId.keys()].sort()).toEqual(['t1', 't2', 't3', 't4']);
      expect(byId.get('t1')).toMatchObject({
        figuresV: WORKLIST_ROW_VERSION,
        text: 'hd 1 hardware',
        figures: { rating: 1 },
      });
      expect(byId.get('t2')).toMatchObject({ status: 'open', figures: { rating: 2 } });
      expect(byId.get('t3')).toMatchObject({ status: 'altered' });
      expect(byId.get('t4')).toMatchObject({ h: idHash('t4') });

      // Nothing stale any more: a start reads the stale rows (none), the tickets' ids and the
      // rows' count and id hash sum, and no ticket and no row id beyond that (the retention run at
      // start deletes alongside).
      const sent: string[] = [];
      const third = await connect((name, collection) => sent.push(`${name}:${collection ?? ''}`));
      sent.length = 0;
      expect(await third.worklist.indexMissing()).toBe(0);
      expect(sent.filter((command) => /^(find|aggregate|count)/.test(command))).toEqual([
        `find:${COLLECTIONS.worklist}`,
        `find:${COLLECTIONS.documents}`,
        `aggregate:${COLLECTIONS.worklist}`,
      ]);
      expect((await rows().findOne({ _id: 't3' }))?.status).toBe('altered');
      await second.close();
    });
  });
}
