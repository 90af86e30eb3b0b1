import { silentLogger } from '../../src/logging';
import { LeasedJob } from '../../src/storage';
import { describeEachBackend } from '../helpers/each-backend';

describeEachBackend('LeasedJob', (withBackend) => {
  it('runs a pass on one of two instances, and on the other once the holder stops renewing', () =>
    withBackend(async ({ storage, clock }) => {
      const ran: string[] = [];
      const job = (name: string) =>
        new LeasedJob({
          name: 'test-job',
          storage,
          intervalMs: 60_000,
          clock: () => new Date(clock.now),
          logger: silentLogger(),
          pass: async () => {
            ran.push(name);
            return true;
          },
          skipped: false,
        });
      const [a, b] = [job('a'), job('b')];
      expect(await a.runNow()).toBe(true);
      expect(await b.runNow()).toBe(false);
      clock.now += 60_000;
      expect(await a.runNow()).toBe(true); // the holder renews its lease
      expect(await b.runNow()).toBe(false);
      clock.now += 2 * 60_000 + 1; // a stopped renewing: its lease ran out
      expect(await b.runNow()).toBe(true);
      expect(await a.runNow()).toBe(false);
      expect(ran).toEqual(['a', 'a', 'b']);
    }));

  it('logs a failing pass and returns the skipped value instead of rejecting', () =>
    withBackend(async ({ storage, clock }) => {
      const warnings: unknown[] = [];
      const logger = Object.assign(silentLogger(), { warn: (...args: unknown[]) => warnings.push(args) });
      const job = new LeasedJob({
        name: 'failing-job',
        storage,
        intervalMs: 1000,
        clock: () => new Date(clock.now),
        logger,
        pass: () => Promise.reject(new Error('boom')),
        skipped: 0,
      });
      expect(await job.runNow()).toBe(0);
      await job.idle();
      expect(warnings).toHaveLength(1);
    }));
});
