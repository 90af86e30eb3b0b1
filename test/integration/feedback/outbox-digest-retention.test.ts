import { loadConfig } from '../../../src/config';
import { digestCollection, type StoredDigest } from '../../../src/digest';
import { FeedbackOutbox, feedbackOutboxCollection } from '../../../src/feedback';
import { silentLogger } from '../../../src/logging';
import { RetentionJob, retentionTasks } from '../../../src/personal-data';
import { describeEachBackend } from '../../helpers/each-backend';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The feedback outbox and the weekly digests are deleted after their periods, on every backend. */
describeEachBackend('retention of feedback deliveries and weekly digests', (withBackend) => {
  it('keeps them within FEEDBACK_OUTBOX_RETENTION_DAYS and DIGEST_RETENTION_DAYS, and deletes them after', () =>
    withBackend(async ({ storage, clock }) => {
      const { retention } = loadConfig({
        FEEDBACK_OUTBOX_RETENTION_DAYS: '30',
        DIGEST_RETENTION_DAYS: '365',
      });
      const job = () =>
        new RetentionJob({
          storage,
          tasks: retentionTasks(storage, retention),
          logger: silentLogger(),
          clock: () => new Date(clock.now),
        }).runNow();
      const start = clock.now;
      await new FeedbackOutbox(storage, () => new Date(clock.now)).enqueue({
        channel: 'webhook',
        target: 'https://hooks.example.com/network',
        secretName: 'network-hook',
        notice: {
          feedbackId: 'f-1',
          source: 'chat',
          sentiment: 'negative',
          team: 'network-team',
          language: 'en',
          channelId: 'directline',
          text: 'the VPN guide was useless',
          createdAt: new Date(start).toISOString(),
        },
      });
      const week = new Date(start).toISOString().slice(0, 10);
      await digestCollection(storage).insert({
        id: week,
        week,
        from: new Date(start).toISOString(),
        to: new Date(start + 7 * DAY_MS).toISOString(),
        mail: 'none',
      } as Omit<StoredDigest, 'version'>);
      const counts = async () => ({
        outbox: (await feedbackOutboxCollection(storage).find()).length,
        digests: (await digestCollection(storage).find()).length,
      });

      clock.now = start + 29 * DAY_MS;
      await job();
      expect(await counts()).toEqual({ outbox: 1, digests: 1 });
      clock.now = start + 31 * DAY_MS;
      await job();
      expect(await counts()).toEqual({ outbox: 0, digests: 1 });
      clock.now = start + 366 * DAY_MS;
      await job();
      expect(await counts()).toEqual({ outbox: 0, digests: 0 });
    }));
});
