import { LLM_BUDGETS_COLLECTION, TokenBudgets } from '../../../src/llm';
import { retentionTasks } from '../../../src/personal-data';
import { loadConfig } from '../../../src/config';
import { describeEachBackend } from '../../helpers/each-backend';

describeEachBackend('LLM token budgets', (withBackend) => {
  it('never lets concurrent reservations from several instances go over a limit', () =>
    withBackend(async ({ storage, clock }) => {
      const now = () => new Date(clock.now);
      const instances = [1, 2, 3].map(
        () => new TokenBudgets(storage, { perConversation: 1000, perDay: 5000 }, now),
      );
      const reservations = await Promise.all(
        Array.from({ length: 12 }, (_, i) => instances[i % 3]!.reserve('conv-1', 300)),
      );
      expect(reservations.filter(Boolean)).toHaveLength(3);
      expect(await instances[0]!.spent('conv-1')).toEqual({ day: 900, conversation: 900 });
      // Settling replaces the estimate with the real usage, on both budgets.
      await instances[1]!.settle(reservations.find(Boolean)!, 100);
      expect(await instances[2]!.spent('conv-1')).toEqual({ day: 700, conversation: 700 });
    }));

  it('are deleted by the retention job once expired', () =>
    withBackend(async ({ storage, clock }) => {
      const budgets = new TokenBudgets(
        storage,
        { perConversation: 1000, perDay: 5000 },
        () => new Date(clock.now),
      );
      await budgets.reserve('conv-1', 10);
      const config = loadConfig({ NODE_ENV: 'test' });
      const task = retentionTasks(storage, config.retention).find((t) => t.name === 'llmBudgets')!;
      expect(await task.purge(new Date(clock.now + 24 * 3600_000))).toBe(0);
      expect(await task.purge(new Date(clock.now + 31 * 24 * 3600_000))).toBe(2);
      expect(await storage.collection(LLM_BUDGETS_COLLECTION).find()).toEqual([]);
    }));
});
