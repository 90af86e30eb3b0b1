import type { StorageBackend } from '../../src/storage/ports';
import { uid, type ContractOptions, type MakeBackend } from './contract-helpers';

/** botbuilder Storage semantics, as botbuilder's MemoryStorage defines them. */
export function describeBotStateContract(
  get: () => StorageBackend,
  open: MakeBackend,
  options: ContractOptions,
): void {
  describe('botState', () => {
    it('reads nothing for unknown keys', async () => {
      expect(await get().botState.read([uid('state')])).toEqual({});
      expect(await get().botState.read([])).toEqual({});
    });

    it('round-trips JSON values and adds an eTag', async () => {
      const key = uid('state');
      const value = {
        nested: { list: [1, 'two', null, { three: true }], text: 'Zażółć 🙂' },
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        'dotted.key': 1,
      };
      await get().botState.write({ [key]: value });
      const item = (await get().botState.read([key]))[key];
      expect(item).toEqual({ ...value, eTag: expect.any(String) });
    });

    it('assigns a new eTag on every write and accepts the current one', async () => {
      const key = uid('state');
      await get().botState.write({ [key]: { n: 1 } });
      const first = (await get().botState.read([key]))[key];
      await get().botState.write({ [key]: { ...first, n: 2 } });
      const second = (await get().botState.read([key]))[key];
      expect(second).toMatchObject({ n: 2 });
      expect(second.eTag).not.toBe(first.eTag);
      await get().botState.write({ [key]: { n: 3 } });
      expect((await get().botState.read([key]))[key].eTag).not.toBe(second.eTag);
    });

    it('rejects a stale eTag and keeps the newer value', async () => {
      const key = uid('state');
      await get().botState.write({ [key]: { n: 1 } });
      const stale = (await get().botState.read([key]))[key];
      await get().botState.write({ [key]: { ...stale, n: 2 } });
      await expect(get().botState.write({ [key]: { ...stale, n: 3 } })).rejects.toThrow(/eTag/);
      expect((await get().botState.read([key]))[key]).toMatchObject({ n: 2 });
    });

    it("overwrites when the eTag is '*' or absent", async () => {
      const key = uid('state');
      await get().botState.write({ [key]: { n: 1 } });
      await get().botState.write({ [key]: { n: 2, eTag: '*' } });
      expect((await get().botState.read([key]))[key]).toMatchObject({ n: 2 });
      await get().botState.write({ [key]: { n: 3 } });
      expect((await get().botState.read([key]))[key]).toMatchObject({ n: 3 });
    });

    it('writes an item that does not exist whatever its eTag (as MemoryStorage does)', async () => {
      const key = uid('state');
      await get().botState.write({ [key]: { n: 1, eTag: 'from-elsewhere' } });
      expect((await get().botState.read([key]))[key]).toMatchObject({ n: 1 });
    });

    it('reads and writes several keys at once', async () => {
      const [a, b, missing] = [uid('state'), uid('state'), uid('state')];
      await get().botState.write({ [a]: { v: 'a' }, [b]: { v: 'b' } });
      const items = await get().botState.read([a, b, missing]);
      expect(Object.keys(items).sort()).toEqual([a, b].sort());
      expect(items[a]).toMatchObject({ v: 'a' });
      expect(items[b]).toMatchObject({ v: 'b' });
    });

    it('deletes, tolerates deleting a missing key, and can write again afterwards', async () => {
      const key = uid('state');
      await get().botState.write({ [key]: { n: 1 } });
      const old = (await get().botState.read([key]))[key];
      await get().botState.delete([key, uid('state')]);
      expect(await get().botState.read([key])).toEqual({});
      await get().botState.write({ [key]: { n: 2 } });
      expect((await get().botState.read([key]))[key]).toMatchObject({ n: 2 });
      // The eTag from before the delete is stale now.
      await expect(get().botState.write({ [key]: { ...old, n: 9 } })).rejects.toThrow(/eTag/);
    });

    it('lets exactly one of 10 concurrent writers with the same eTag win', async () => {
      const key = uid('state');
      await get().botState.write({ [key]: { n: 0 } });
      const base = (await get().botState.read([key]))[key];
      const instances = options.multiInstance ? [get(), await open()] : [get()];
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          instances[i % instances.length]!.botState.write({ [key]: { ...base, n: i + 1 } }),
        ),
      );
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
      expect(winners).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/eTag/);
      expect((await get().botState.read([key]))[key]).toMatchObject({ n: winners[0] });
    });

    it('applies 10 concurrent unconditional writes without losing the key', async () => {
      const key = uid('state');
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => get().botState.write({ [key]: { n: i, eTag: '*' } })),
      );
      const item = (await get().botState.read([key]))[key];
      expect(item.n).toEqual(expect.any(Number));
      expect(item.n).toBeGreaterThanOrEqual(0);
      expect(item.n).toBeLessThan(10);
    });
  });
}
