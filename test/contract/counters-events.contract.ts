import type { StorageBackend } from '../../src/storage/ports';
import { range, sleep, uid, type MakeBackend } from './contract-helpers';

type Listed = Awaited<ReturnType<StorageBackend['events']['list']>>;

/** Reads a stream the way a live console client does: resume from the last seq, until `total`. */
async function follow(backend: StorageBackend, stream: string, total: number, pageSize: number) {
  const seen: Listed = [];
  const deadline = Date.now() + 20_000;
  while (seen.length < total) {
    if (Date.now() > deadline) throw new Error(`reader stuck after ${seen.length} of ${total}`);
    const page = await backend.events.list(stream, seen.at(-1)?.seq ?? 0, pageSize);
    seen.push(...page);
    if (page.length === 0) await sleep(2);
  }
  return seen;
}

export function describeCountersContract(get: () => StorageBackend, open: MakeBackend): void {
  describe('counters', () => {
    it('counts from 1, per name', async () => {
      const name = uid('ticket');
      expect(await get().counters.next(name)).toBe(1);
      expect(await get().counters.next(name)).toBe(2);
      expect(await get().counters.next(uid('ticket'))).toBe(1);
      expect(await get().counters.next(name)).toBe(3);
    });

    it('hands 50 concurrent callers on three instances the numbers 1..50, each once', async () => {
      const instances = [get(), await open(), await open()];
      const name = uid('ticket');
      const numbers = await Promise.all(
        range(1, 50).map((i) => instances[i % instances.length]!.counters.next(name)),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual(range(1, 50));
      // Still strictly increasing afterwards, whichever instance asks.
      expect(await instances[2]!.counters.next(name)).toBe(51);
      expect(await instances[0]!.counters.next(name)).toBe(52);
    });

    it('gives each caller strictly increasing numbers while others count too', async () => {
      const instances = [get(), await open()];
      const name = uid('ticket');
      const sequences = await Promise.all(
        range(0, 9).map(async (caller) => {
          const mine: number[] = [];
          for (let i = 0; i < 10; i++) mine.push(await instances[caller % 2]!.counters.next(name));
          return mine;
        }),
      );
      for (const mine of sequences) {
        for (let i = 1; i < mine.length; i++) expect(mine[i]!).toBeGreaterThan(mine[i - 1]!);
      }
      expect(sequences.flat().sort((a, b) => a - b)).toEqual(range(1, 100));
    });
  });
}

export function describeEventsContract(get: () => StorageBackend, open: MakeBackend): void {
  describe('events', () => {
    it('numbers a stream from 1 and lists after a seq with a limit', async () => {
      const stream = uid('console');
      const event = { type: 'message', handoffId: 'h1', text: 'Zażółć', card: { $schema: 'x', 'a.b': 1 } };
      expect(await get().events.append(stream, event)).toBe(1);
      for (const i of range(2, 5)) expect(await get().events.append(stream, { type: 'typing', i })).toBe(i);
      expect(await get().events.append(uid('console'), { type: 'other' })).toBe(1);
      const all = await get().events.list(stream, 0);
      expect(all.map((e) => e.seq)).toEqual(range(1, 5));
      expect(all[0]?.event).toEqual(event);
      expect(Number.isNaN(Date.parse(all[0]?.at ?? ''))).toBe(false);
      expect((await get().events.list(stream, 2, 2)).map((e) => e.event.i)).toEqual([3, 4]);
      expect(await get().events.list(stream, 5)).toEqual([]);
      expect(await get().events.list(stream, 0, 0)).toEqual([]);
      expect(await get().events.list(uid('none'), 0)).toEqual([]);
    });

    it('lists concurrent appends from three instances in seq order, no gaps, no duplicates, from any seq', async () => {
      const instances = [get(), await open(), await open()];
      const stream = uid('console');
      const total = 90;
      const readers = [
        follow(instances[1]!, stream, total, 7),
        follow(instances[2]!, stream, total, 1000),
        follow(instances[0]!, stream, total, 1),
      ];
      const seqs = await Promise.all(
        range(1, total).map((i) => instances[i % 3]!.events.append(stream, { type: 'message', i })),
      );
      expect([...seqs].sort((a, b) => a - b)).toEqual(range(1, total));
      const payloadBySeq = new Map(seqs.map((seq, index) => [seq, index + 1]));
      for (const seen of await Promise.all(readers)) {
        expect(seen.map((e) => e.seq)).toEqual(range(1, total));
        for (const entry of seen) expect(entry.event.i).toBe(payloadBySeq.get(entry.seq));
      }
      for (const from of [0, 1, 44, 89, 90]) {
        const rest = await instances[from % 3]!.events.list(stream, from);
        expect(rest.map((e) => e.seq)).toEqual(from < total ? range(from + 1, total) : []);
      }
    });

    it('lets a reader resume while appends continue, without skipping any', async () => {
      const [writer, reader] = [get(), await open()];
      const stream = uid('console');
      const total = 60;
      const reading = follow(reader, stream, total, 5);
      for (const batch of range(0, 5)) {
        await Promise.all(range(1, 10).map((i) => writer.events.append(stream, { n: batch * 10 + i })));
      }
      const seen = await reading;
      expect(seen.map((e) => e.seq)).toEqual(range(1, total));
      expect(new Set(seen.map((e) => e.event.n)).size).toBe(total);
    });

    // Last: a purge reaches every stream of the database.
    it('purges events from before the cutoff but keeps each stream numbering on', async () => {
      const stream = uid('console');
      for (const i of range(1, 3)) await get().events.append(stream, { i });
      // The scenario: events strictly before and after the cutoff on the storage's clock.
      await sleep(5);
      const cutoff = new Date();
      await sleep(5);
      for (const i of range(4, 5)) await get().events.append(stream, { i });
      const quiet = uid('console');
      await get().events.append(quiet, { i: 1 });
      expect(await get().events.purge(cutoff)).toBeGreaterThanOrEqual(3);
      expect((await get().events.list(stream, 0)).map((e) => e.seq)).toEqual([4, 5]);
      // The only event of a stream is its newest: kept whatever its age.
      await get().events.purge(new Date(Date.now() + 60_000));
      expect((await get().events.list(quiet, 0)).map((e) => e.seq)).toEqual([1]);
      expect((await get().events.list(stream, 0)).map((e) => e.seq)).toEqual([5]);
      expect(await get().events.append(stream, { i: 6 })).toBe(6);
    });

    it('lets a reader whose place was purged resume at the oldest event kept, on any instance', async () => {
      const stream = uid('console');
      for (const i of range(1, 6)) await get().events.append(stream, { i });
      await get().events.purge(new Date(Date.now() + 60_000));
      const other = await open();
      for (const reader of [get(), other]) {
        expect((await reader.events.list(stream, 2)).map((e) => e.event.i)).toEqual([6]);
        expect((await reader.events.list(stream, 2, 1)).map((e) => e.seq)).toEqual([6]);
      }
      await other.events.append(stream, { i: 7 });
      expect((await get().events.list(stream, 0)).map((e) => e.seq)).toEqual([6, 7]);
      expect((await get().events.list(stream, 6)).map((e) => e.seq)).toEqual([7]);
      expect(await get().events.list(stream, 7)).toEqual([]);
    });
  });
}
