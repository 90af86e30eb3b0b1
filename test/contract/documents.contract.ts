import { DuplicateKeyError, type StorageBackend, type StoredDocument } from '../../src/storage/ports';
import { range, uid, type MakeBackend } from './contract-helpers';

interface Handoff extends StoredDocument {
  state: 'queued' | 'assigned' | 'resolved';
  priority?: number;
  queue?: string;
  assignedTo?: string;
  urgent?: boolean;
  facts?: Record<string, string>;
  user?: { id: string; name?: string };
  [field: `n${number}`]: number;
}

/** Repetitions of the claim race; each round is 50 concurrent claims of one fresh document. */
export const CLAIM_ROUNDS = 100;
const CLAIMERS = 50;
const CLAIM_BATCH = 5;

/** Several instances on one database: other connections (SQLite) or other clients (MongoDB). */
async function instances(get: () => StorageBackend, open: MakeBackend, count: number) {
  const list = [get()];
  while (list.length < count) list.push(await open());
  return list;
}

export function describeDocumentsContract(get: () => StorageBackend, open: MakeBackend): void {
  describe('documents', () => {
    const handoffs = (backend: StorageBackend = get(), name = 'handoffs') =>
      backend.collection<Handoff>(name);

    it('inserts with version 1, gets it back, and refuses a duplicate id', async () => {
      const id = uid('h');
      const facts = { 'os.version': '11', $weird: 'kept', Zażółć: 'gęślą' };
      const inserted = await handoffs().insert({ id, state: 'queued', facts, user: { id: 'u1' } });
      expect(inserted).toEqual({ id, version: 1, state: 'queued', facts, user: { id: 'u1' } });
      expect(await handoffs().get(id)).toEqual(inserted);
      const duplicate = handoffs().insert({ id, state: 'resolved' });
      await expect(duplicate).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(duplicate).rejects.toThrow(/already exists/);
      expect(await handoffs().get(id)).toEqual(inserted);
      expect(await handoffs().get(uid('none'))).toBeUndefined();
      // The same id in another collection is another document.
      expect((await handoffs(get(), 'tickets').insert({ id, state: 'resolved' })).version).toBe(1);
    });

    it('updates only when where matches, bumping the version by one each time', async () => {
      const id = uid('h');
      await handoffs().insert({ id, state: 'queued', priority: 2 });
      expect(await handoffs().update(id, { state: 'assigned' }, { state: 'resolved' })).toBeUndefined();
      expect(await handoffs().update(id, { state: 'queued', priority: 3 }, { priority: 9 })).toBeUndefined();
      const claimed = await handoffs().update(
        id,
        { state: 'queued' },
        { state: 'assigned', assignedTo: 't1' },
      );
      expect(claimed).toEqual({ id, version: 2, state: 'assigned', priority: 2, assignedTo: 't1' });
      const moved = await handoffs().update(id, {}, { priority: 5 });
      expect(moved?.version).toBe(3);
      expect(await handoffs().update(id, { version: 2 }, { priority: 6 })).toBeUndefined();
      expect((await handoffs().update(id, { version: 3, id }, { priority: 7 }))?.version).toBe(4);
      expect(await handoffs().get(id)).toEqual({
        ...{ id, version: 4, state: 'assigned' },
        ...{ priority: 7, assignedTo: 't1' },
      });
      expect(await handoffs().update(uid('none'), {}, { priority: 1 })).toBeUndefined();
    });

    it('matches where values given as { in: [...] }, booleans, numbers and absent fields', async () => {
      const id = uid('h');
      await handoffs().insert({ id, state: 'queued', priority: 2, urgent: false });
      const states = { in: ['assigned', 'resolved'] as Handoff['state'][] };
      expect(await handoffs().update(id, { state: states }, { queue: 'x' })).toBeUndefined();
      expect(await handoffs().update(id, { state: { in: [] } }, { queue: 'x' })).toBeUndefined();
      expect(await handoffs().update(id, { urgent: true }, { queue: 'x' })).toBeUndefined();
      expect(await handoffs().update(id, { priority: 3 }, { queue: 'x' })).toBeUndefined();
      // "2" is not 2: no type coercion on either backend.
      expect(await handoffs().update(id, { priority: '2' as never }, { queue: 'x' })).toBeUndefined();
      const where = {
        state: { in: ['queued', 'assigned'] as Handoff['state'][] },
        urgent: false,
        priority: 2,
      };
      expect((await handoffs().update(id, { ...where, assignedTo: undefined }, { queue: 'a' }))?.queue).toBe(
        'a',
      );
      expect(await handoffs().update(id, { queue: { in: ['b', 'c'] } }, { queue: 'd' })).toBeUndefined();
      expect((await handoffs().update(id, { queue: { in: ['a', 'b'] } }, { queue: 'b' }))?.queue).toBe('b');
    });

    it('removes a field patched with undefined and replaces objects whole', async () => {
      const id = uid('h');
      await handoffs().insert({ id, state: 'assigned', assignedTo: 't1', user: { id: 'u', name: 'Ann' } });
      const updated = await handoffs().update(
        id,
        { assignedTo: 't1' },
        { state: 'queued', assignedTo: undefined, user: { id: 'u2' } },
      );
      expect(updated).toEqual({ id, version: 2, state: 'queued', user: { id: 'u2' } });
      expect(await handoffs().get(id)).toEqual(updated);
      expect(Object.keys((await handoffs().get(id)) ?? {})).not.toContain('assignedTo');
      // Absent now, so a where that asks for "no assignee" matches.
      expect((await handoffs().update(id, { assignedTo: undefined }, { queue: 'q' }))?.version).toBe(3);
    });

    it('does not share objects with the caller', async () => {
      const id = uid('h');
      const facts: Record<string, string> = { a: '1' };
      const inserted = await handoffs().insert({ id, state: 'queued', facts });
      facts.a = 'changed';
      inserted.facts!.a = 'changed too';
      expect((await handoffs().get(id))?.facts).toEqual({ a: '1' });
    });

    it('rejects where values it cannot compare and field names it cannot address', async () => {
      const id = uid('h');
      await handoffs().insert({ id, state: 'queued' });
      await expect(handoffs().update(id, { user: { id: 'u' } }, { queue: 'x' })).rejects.toThrow(TypeError);
      await expect(handoffs().find({ where: { ['a.b' as 'state']: 'x' as never } })).rejects.toThrow(
        TypeError,
      );
      await expect(handoffs().update(id, {}, { ["x') --" as 'queue']: 'y' })).rejects.toThrow(TypeError);
      expect(await handoffs().get(id)).toEqual({ id, version: 1, state: 'queued' });
    });

    it(`lets exactly one of ${CLAIMERS} concurrent claims win, ${CLAIM_ROUNDS} times over`, async () => {
      const writers = await instances(get, open, 5);
      const name = uid('race');
      const started = Date.now();
      const round = async (id: string) => {
        await writers[0]!.collection<Handoff>(name).insert({ id, state: 'queued' });
        const results = await Promise.all(
          range(1, CLAIMERS).map((claimer) =>
            writers[claimer % writers.length]!.collection<Handoff>(name).update(
              id,
              { state: 'queued' },
              { state: 'assigned', assignedTo: `tech-${claimer}` },
            ),
          ),
        );
        const winners = results.filter((result) => result !== undefined);
        expect(winners).toHaveLength(1);
        expect(winners[0]?.version).toBe(2);
        expect(await writers[1]!.collection<Handoff>(name).get(id)).toEqual(winners[0]);
      };
      // Rounds run a few at a time (each on its own document) to keep the suite quick.
      for (let first = 0; first < CLAIM_ROUNDS; first += CLAIM_BATCH) {
        await Promise.all(range(first, first + CLAIM_BATCH - 1).map((i) => round(`h${i}`)));
      }
      const found = await handoffs(get(), name).find({ where: { state: 'assigned' } });
      expect(found).toHaveLength(CLAIM_ROUNDS);
      expect(found.every((doc) => doc.version === 2)).toBe(true);
      reportTiming(`claim race ${CLAIM_ROUNDS}x${CLAIMERS} (${get().kind})`, started);
    }, 180_000);

    it('applies every one of 30 concurrent updates whose where stays true (no lost update)', async () => {
      const writers = await instances(get, open, 3);
      const id = uid('h');
      await handoffs().insert({ id, state: 'queued' });
      const results = await Promise.all(
        range(1, 30).map((i) =>
          handoffs(writers[i % writers.length]).update(id, { state: 'queued' }, { [`n${i}`]: i }),
        ),
      );
      expect(results.every((result) => result !== undefined)).toBe(true);
      expect(new Set(results.map((result) => result?.version))).toEqual(new Set(range(2, 31)));
      const stored = await handoffs().get(id);
      expect(stored?.version).toBe(31);
      for (const i of range(1, 30)) expect(stored?.[`n${i}`]).toBe(i);
    });

    it('finds the current state only, filtered, sorted and limited', async () => {
      const name = uid('find');
      const docs = handoffs(get(), name);
      const rows: [string, Handoff['state'], number, string?][] = [
        ['a', 'queued', 3, 'hw'],
        ['b', 'queued', 1, 'sw'],
        ['c', 'queued', 2],
        ['d', 'resolved', 1, 'hw'],
        ['e', 'queued', 2, 'hw'],
      ];
      for (const [id, state, priority, queue] of rows) await docs.insert({ id, state, priority, queue });
      // Earlier versions of a, b and d match queries their current versions do not.
      await docs.update('a', {}, { state: 'assigned' });
      await docs.update('b', {}, { priority: 9 });
      await docs.update('b', {}, { priority: 4 });
      await docs.delete('d');
      const ids = (list: Handoff[]) => list.map((doc) => doc.id);
      expect(ids(await docs.find({ where: { state: 'queued' } }))).toEqual(['b', 'c', 'e']);
      expect(ids(await docs.find({ where: { priority: 1 } }))).toEqual([]);
      const byPriority = await docs.find({ orderBy: [{ field: 'priority', direction: 'desc' }] });
      expect(ids(byPriority)).toEqual(['b', 'a', 'c', 'e']);
      expect(byPriority[0]).toEqual({ id: 'b', version: 3, state: 'queued', priority: 4, queue: 'sw' });
      const twoFirst = await docs.find({
        where: { state: { in: ['queued', 'assigned'] } },
        orderBy: [
          { field: 'priority', direction: 'asc' },
          { field: 'id', direction: 'desc' },
        ],
        limit: 2,
      });
      expect(ids(twoFirst)).toEqual(['e', 'c']);
      // Absent fields sort first when ascending, and match a null/undefined where.
      const byQueue = await docs.find({ orderBy: [{ field: 'queue', direction: 'asc' }] });
      expect(ids(byQueue)).toEqual(['c', 'a', 'e', 'b']);
      expect(ids(await docs.find({ where: { queue: undefined } }))).toEqual(['c']);
      expect(ids(await docs.find({ where: { queue: { in: [null as never, 'sw'] } } }))).toEqual(['b', 'c']);
      expect(await docs.find({ limit: 0 })).toEqual([]);
      expect(ids(await docs.find({ limit: 3 }))).toEqual(['a', 'b', 'c']);
      expect(ids(await docs.find())).toEqual(['a', 'b', 'c', 'e']);
      expect(await handoffs(get(), uid('empty')).find()).toEqual([]);
    });

    it('finds within half-open string ranges, and tallies groups (unwinding nested arrays) over current documents only', async () => {
      interface Case extends StoredDocument {
        at?: string | number;
        outcome: string;
        flows: { flowId: string; steps: { nodeId: string; ok?: boolean }[] }[];
      }
      const docs = get().collection<Case>(uid('tally'));
      const flow = (flowId: string, ...nodes: [string, boolean?][]) => ({
        flowId,
        steps: nodes.map(([nodeId, ok]) => (ok === undefined ? { nodeId } : { nodeId, ok })),
      });
      await docs.insert({
        id: 'a',
        at: '2031-01-01T10:00:00Z',
        outcome: 'open',
        flows: [flow('wifi', ['q1'], ['q2', true])],
      });
      await docs.insert({
        id: 'b',
        at: '2031-01-02T00:00:00Z',
        outcome: 'open',
        flows: [flow('wifi', ['q1'], ['q1'])],
      });
      await docs.insert({ id: 'c', at: '2031-01-02T09:00:00Z', outcome: 'done', flows: [] });
      await docs.insert({ id: 'd', at: 5, outcome: 'open', flows: [flow('vpn', ['v1', false])] });
      await docs.insert({ id: 'e', outcome: 'open', flows: [] });
      // An older version of c matched 'open'; only the current one counts.
      await docs.update('c', {}, { outcome: 'resolved' });
      const ids = (list: Case[]) => list.map((doc) => doc.id);
      const day2 = { field: 'at' as const, from: '2031-01-02', to: '2031-01-03' };
      expect(ids(await docs.find({ ranges: [day2] }))).toEqual(['b', 'c']);
      expect(ids(await docs.find({ ranges: [{ field: 'at', to: '2031-01-02T00:00:00Z' }] }))).toEqual(['a']);
      expect(
        ids(await docs.find({ where: { outcome: 'open' }, ranges: [{ field: 'at', from: '2031' }] })),
      ).toEqual(['a', 'b']);
      const sorted = (groups: { key: unknown[]; count: number }[]) =>
        groups
          .map((g) => [...g.key, g.count])
          .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      expect(sorted(await docs.tally({ groupBy: ['outcome'] }))).toEqual([
        ['open', 4],
        ['resolved', 1],
      ]);
      expect(sorted(await docs.tally({ groupBy: ['outcome', 'at'], ranges: [day2] }))).toEqual([
        ['open', '2031-01-02T00:00:00Z', 1],
        ['resolved', '2031-01-02T09:00:00Z', 1],
      ]);
      // Each document once per group, however often a step repeats; absent values are null.
      const steps = await docs.tally({
        where: { outcome: 'open' },
        unwind: ['flows', 'flows.steps'],
        groupBy: ['flows.flowId', 'flows.steps.nodeId', 'flows.steps.ok'],
      });
      expect(sorted(steps)).toEqual([
        ['vpn', 'v1', false, 1],
        ['wifi', 'q1', null, 2],
        ['wifi', 'q2', true, 1],
      ]);
      expect(await docs.tally({ groupBy: ['outcome'], where: { outcome: 'none' } })).toEqual([]);
      await expect(docs.tally({ groupBy: ["outcome'--"] })).rejects.toThrow(TypeError);
      await expect(docs.tally({ groupBy: ['x'], unwind: ['flows', 'other'] })).rejects.toThrow(TypeError);
    });

    it('keeps limits exact when many old versions match', async () => {
      const docs = handoffs(get(), uid('find'));
      for (const i of range(1, 6)) await docs.insert({ id: `d${i}`, state: 'queued', priority: i });
      for (const i of range(1, 4)) await docs.update(`d${i}`, {}, { state: 'resolved' });
      const open = await docs.find({ where: { state: 'queued' }, limit: 2 });
      expect(open.map((doc) => doc.id)).toEqual(['d5', 'd6']);
    });

    it('deletes; the id can then be inserted again from version 1', async () => {
      const id = uid('h');
      await handoffs().insert({ id, state: 'queued' });
      await handoffs().update(id, {}, { priority: 1 });
      expect(await handoffs().delete(id)).toBe(true);
      expect(await handoffs().delete(id)).toBe(false);
      expect(await handoffs().get(id)).toBeUndefined();
      expect(await handoffs().update(id, {}, { priority: 2 })).toBeUndefined();
      expect(await handoffs().delete(uid('none'))).toBe(false);
      const again = await handoffs().insert({ id, state: 'resolved' });
      expect(again).toEqual({ id, version: 1, state: 'resolved' });
      expect(await handoffs().get(id)).toEqual(again);
    });

    it('gives exactly one of 20 concurrent inserts of one id success, and one of 20 deletes', async () => {
      const writers = await instances(get, open, 2);
      const id = uid('h');
      const inserts = await Promise.allSettled(
        range(1, 20).map((i) => handoffs(writers[i % 2]).insert({ id, state: 'queued', priority: i })),
      );
      const inserted = inserts.filter((result) => result.status === 'fulfilled');
      expect(inserted).toHaveLength(1);
      for (const result of inserts) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DuplicateKeyError);
      }
      const deletes = await Promise.all(range(1, 20).map((i) => handoffs(writers[i % 2]).delete(id)));
      expect(deletes.filter(Boolean)).toHaveLength(1);
    });

    it('shares documents between two instances on the same database', async () => {
      const second = await open();
      const id = uid('h');
      await handoffs().insert({ id, state: 'queued' });
      expect(await handoffs(second).get(id)).toEqual({ id, version: 1, state: 'queued' });
      await handoffs(second).update(id, { state: 'queued' }, { state: 'assigned' });
      expect((await handoffs().get(id))?.state).toBe('assigned');
      expect(await handoffs().update(id, { state: 'queued' }, { state: 'assigned' })).toBeUndefined();
      expect((await handoffs().find({ where: { state: 'assigned' } })).map((d) => d.id)).toContain(id);
      expect(await handoffs(second).delete(id)).toBe(true);
      expect(await handoffs().get(id)).toBeUndefined();
    });
  });
}

function reportTiming(label: string, started: number): void {
  // Measured numbers go to the test log, for the storage README.
  process.stdout.write(`${label}: ${Date.now() - started} ms\n`);
}
