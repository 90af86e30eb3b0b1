import type { StorageBackend } from '../../src/storage/ports';
import { sleep, uid, type ContractOptions, type MakeBackend } from './contract-helpers';

/** Budgets per key and per name; on a shared database, one budget for every instance. */
export function describeRateLimitsContract(
  get: () => StorageBackend,
  open: MakeBackend,
  options: ContractOptions,
): void {
  describe('rate limits', () => {
    it('allows the budget, then refuses with the time to wait', async () => {
      const limiter = get().rateLimiter(uid('rl'), { points: 3, durationSeconds: 60 });
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('client-a'));
      expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
      const refused = decisions[3]!;
      expect(refused.allowed).toBe(false);
      if (!refused.allowed) {
        expect(refused.retryAfterMs).toBeGreaterThan(50_000);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    });

    it('keeps keys and names apart', async () => {
      const name = uid('rl');
      const limiter = get().rateLimiter(name, { points: 1, durationSeconds: 60 });
      expect(await limiter.consume('a')).toEqual({ allowed: true });
      expect((await limiter.consume('a')).allowed).toBe(false);
      expect(await limiter.consume('b')).toEqual({ allowed: true });
      const other = get().rateLimiter(uid('rl'), { points: 1, durationSeconds: 60 });
      expect(await other.consume('a')).toEqual({ allowed: true });
    });

    it('gives exactly the budget to 20 concurrent requests', async () => {
      const limiter = get().rateLimiter(uid('rl'), { points: 5, durationSeconds: 60 });
      const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume('k')));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    });

    it('opens a new window when the old one has passed', async () => {
      const limiter = get().rateLimiter(uid('rl'), { points: 1, durationSeconds: 1 });
      expect(await limiter.consume('k')).toEqual({ allowed: true });
      expect((await limiter.consume('k')).allowed).toBe(false);
      await sleep(1100); // the scenario: the one-second window passes on the storage's clock
      expect(await limiter.consume('k')).toEqual({ allowed: true });
      expect((await limiter.consume('k')).allowed).toBe(false);
    });

    it('keeps counting across a reopen of the storage', async () => {
      const name = uid('rl');
      const budget = { points: 2, durationSeconds: 60 };
      expect(await get().rateLimiter(name, budget).consume('k')).toEqual({ allowed: true });
      const reopened = await open();
      expect(await reopened.rateLimiter(name, budget).consume('k')).toEqual({ allowed: true });
      expect((await reopened.rateLimiter(name, budget).consume('k')).allowed).toBe(false);
    });

    if (options.multiInstance) {
      it('shares one budget between two instances', async () => {
        const second = await open();
        const name = uid('rl');
        const budget = { points: 6, durationSeconds: 60 };
        const [a, b] = [get().rateLimiter(name, budget), second.rateLimiter(name, budget)];
        const decisions = await Promise.all(
          Array.from({ length: 16 }, (_, i) => (i % 2 ? b : a).consume('client')),
        );
        expect(decisions.filter((d) => d.allowed)).toHaveLength(6);
      });
    }
  });
}
