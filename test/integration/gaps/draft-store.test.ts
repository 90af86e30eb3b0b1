import { ArticleDraftStore, ARTICLE_DRAFTS_COLLECTION } from '../../../src/gaps';
import { retentionTasks } from '../../../src/personal-data';
import { loadConfig } from '../../../src/config';
import { describeEachBackend } from '../../helpers/each-backend';

const FILE = {
  path: 'content/kb/printer/gap-printer.en.md',
  content: '---\ntitle: Printer\n---\nMy password is hunter2\n',
};
const DAY_MS = 24 * 60 * 60 * 1000;

describeEachBackend('article drafts', (withBackend) => {
  it('stores drafts redacted, edits them from the version seen, publishes once, discards, and purges them', async () => {
    await withBackend(async ({ storage, clock }) => {
      const drafts = new ArticleDraftStore(
        storage,
        (text) => text.replace('hunter2', '[password]'),
        () => new Date(clock.now),
      );
      const created = await drafts.create({
        origin: 'gap',
        gapId: 'gap-1',
        files: [FILE],
        byModel: false,
        createdBy: 't1',
      });
      expect(created).toMatchObject({
        version: 1,
        origin: 'gap',
        status: 'draft',
        title: 'Printer',
        files: [
          {
            path: 'printer/gap-printer.en.md',
            content: '---\ntitle: Printer\n---\nMy password is [password]\n',
          },
        ],
      });
      await expect(
        drafts.create({ origin: 'gap', files: [{ path: '../../etc/passwd', content: 'x' }], byModel: false }),
      ).rejects.toMatchObject({
        httpStatus: 400,
      });

      clock.now += 1000;
      const edited = await drafts.update(created.id, 1, [
        { path: 'printer/gap-printer.en.md', content: '---\ntitle: Printers\n---\n' },
      ]);
      expect(edited).toMatchObject({ version: 2, title: 'Printers' });
      await expect(drafts.update(created.id, 1, [FILE])).rejects.toMatchObject({ httpStatus: 409 });

      clock.now += 1000;
      const ticketDraft = await drafts.create({
        origin: 'ticket',
        conversationId: 'c1',
        files: [FILE],
        byModel: true,
      });
      expect((await drafts.list()).map((d) => d.id)).toEqual([ticketDraft.id, created.id]);

      const published = await drafts.markPublished(created.id, 2, 'lead-1');
      expect(published).toMatchObject({ status: 'published', publishedBy: 'lead-1' });
      await expect(drafts.markPublished(created.id, 3, 'lead-1')).rejects.toMatchObject({ httpStatus: 409 });
      await expect(drafts.update(created.id, 3, [FILE])).rejects.toMatchObject({ httpStatus: 409 });

      expect(await drafts.discard(ticketDraft.id)).toBe(true);
      expect(await drafts.get(ticketDraft.id)).toBeUndefined();

      // ARTICLE_DRAFT_RETENTION_DAYS after its last change, the hourly retention deletes it.
      const config = loadConfig({ NODE_ENV: 'test', ARTICLE_DRAFT_RETENTION_DAYS: '30' });
      const task = retentionTasks(storage, config.retention).find((t) => t.name === 'articleDrafts')!;
      expect(await task.purge(new Date(clock.now + 29 * DAY_MS))).toBe(0);
      expect(await task.purge(new Date(clock.now + 31 * DAY_MS))).toBe(1);
      expect(await storage.collection(ARTICLE_DRAFTS_COLLECTION).find()).toEqual([]);
    });
  });
});
