import { silentLogger } from '../../../src/logging';
import { DelayedBatch } from '../../../src/storage/mongo/delayed-batch';

describe('DelayedBatch', () => {
  const batchOf = (size: number, sent: [string, number][][], fail = false) =>
    new DelayedBatch<number>({
      delayMs: 60_000,
      size,
      send: async (entries) => {
        sent.push(entries);
        if (fail) throw new Error('down');
      },
      what: 'test batch',
      logger: silentLogger(),
    });

  it('keeps one entry per key, merged, and sends them together on flush', async () => {
    const sent: [string, number][][] = [];
    const batch = batchOf(10, sent);
    batch.add('a', 3, Math.max);
    batch.add('a', 2, Math.max);
    batch.add('b', 1);
    batch.add('c', 5);
    batch.delete('c');
    expect(sent).toEqual([]);
    await batch.flush();
    expect(sent).toEqual([
      [
        ['a', 3],
        ['b', 1],
      ],
    ]);
    await batch.flush();
    expect(sent).toHaveLength(1);
  });

  it('sends at once when the batch is full, and a failed batch is logged, not thrown', async () => {
    const sent: [string, number][][] = [];
    const batch = batchOf(2, sent, true);
    batch.add('a', 1);
    batch.add('b', 2);
    expect(sent).toHaveLength(1);
    await expect(batch.flush()).resolves.toBeUndefined();
  });
});
