import { SessionStore } from '../../src/console';
import { silentLogger } from '../../src/logging';
import { RetentionJob, retentionTasks } from '../../src/personal-data';
import { loadConfig } from '../../src/config';
import { describeEachBackend } from '../helpers/each-backend';

const HOUR_MS = 60 * 60 * 1000;

describeEachBackend('console sessions past their lifetime', (withBackend) => {
  it('are deleted by the retention job; live ones are kept', async () => {
    await withBackend(async ({ storage, clock }) => {
      const sessions = new SessionStore(storage, 12 * HOUR_MS, () => clock.now);
      const start = clock.now;
      await sessions.create({ id: 'tech-old' }, 'token');
      clock.now = start + 10 * HOUR_MS;
      const recent = await sessions.create({ id: 'tech-new' }, 'token');

      clock.now = start + 13 * HOUR_MS;
      const job = new RetentionJob({
        storage,
        tasks: retentionTasks(storage, loadConfig({ NODE_ENV: 'test' }).retention),
        logger: silentLogger(),
        clock: () => new Date(clock.now),
      });
      expect(await job.runNow()).toMatchObject({ consoleSessions: 1 });
      const left = await storage.collection('console_sessions').find({});
      expect(left.map((s) => s.id)).toEqual([recent.session.id]);
      expect(await sessions.find(recent.cookie)).toMatchObject({ technicianId: 'tech-new' });
    });
  });
});
