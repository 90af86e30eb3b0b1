import type { Config } from '../../../src/config';
import { MAIL_INBOX_COLLECTION } from '../../../src/mail';
import { retentionTasks } from '../../../src/personal-data';
import type { StoredDocument } from '../../../src/storage/ports';
import { describeEachBackend } from '../../helpers/each-backend';

const DAY = 24 * 60 * 60_000;

describeEachBackend('handled e-mails (mail-inbox) retention', (withBackend) => {
  it('forgets which e-mails were handled as long after as tickets are kept, and never with TICKET_RETENTION_DAYS=0', () =>
    withBackend(async (backend) => {
      const inbox = backend.storage.collection<
        StoredDocument & { receivedAt: string; outcome: string; ticketNumber?: string }
      >(MAIL_INBOX_COLLECTION);
      const at = (daysAgo: number) => new Date(backend.clock.now - daysAgo * DAY).toISOString();
      await inbox.insert({
        id: 'a'.repeat(64),
        receivedAt: at(40),
        outcome: 'opened',
        ticketNumber: 'HD-1001',
      });
      await inbox.insert({ id: 'b'.repeat(64), receivedAt: at(5), outcome: 'ignored' });
      const task = (ticketsDays: number) =>
        retentionTasks(backend.storage, { ticketsDays } as Config['retention']).find(
          (t) => t.name === 'mailInbox',
        );

      expect(task(0)).toBeUndefined();
      expect(await task(30)!.purge(new Date(backend.clock.now))).toBe(1);
      expect((await inbox.find()).map((r) => r.id)).toEqual(['b'.repeat(64)]);
    }));
});
