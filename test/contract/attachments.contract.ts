import { createHash, randomBytes } from 'node:crypto';
import type { AttachmentRecord, StorageBackend } from '../../src/storage/ports';
import { DuplicateKeyError } from '../../src/storage/ports';
import { range, uid, type MakeBackend } from './contract-helpers';

function record(
  conversationId: string,
  content: Buffer,
  overrides: Partial<AttachmentRecord> = {},
): AttachmentRecord {
  return {
    id: uid('file'),
    conversationId,
    userId: 'user-1',
    channelId: 'directline',
    name: 'screenshot.png',
    mediaType: 'image/png',
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Files with their conversation: byte-exact round trips, listing, erasure and retention. */
export function describeAttachmentsContract(get: () => StorageBackend, open: MakeBackend): void {
  describe('attachments', () => {
    it('keeps a file byte for byte, also one of several chunks, and lists it with its conversation', async () => {
      const conversationId = uid('files');
      // 10 MB of random bytes: the default size limit, several chunks on MongoDB.
      const big = randomBytes(10 * 1024 * 1024);
      const small = Buffer.from('log line 1\nlog line 2\n');
      const first = record(conversationId, big, { createdAt: '2030-01-01T00:00:00.000Z' });
      const second = record(conversationId, small, {
        name: 'app.log',
        mediaType: 'text/plain',
        createdAt: '2030-01-01T00:00:01.000Z',
      });
      await get().attachments.put(second, small);
      await get().attachments.put(first, big);

      expect(await get().attachments.get(first.id)).toEqual(first);
      const read = await get().attachments.read(first.id);
      expect(read?.length).toBe(big.length);
      expect(read?.equals(big)).toBe(true);
      expect((await get().attachments.read(second.id))?.toString()).toBe(small.toString());
      expect((await get().attachments.listByConversation(conversationId)).map((r) => r.id)).toEqual([
        first.id,
        second.id,
      ]);
      // Another instance on the same data sees it too.
      const other = await open();
      expect((await other.attachments.read(first.id))?.equals(big)).toBe(true);
    }, 60_000);

    it('keeps an empty file and answers undefined for unknown ids', async () => {
      const empty = record(uid('files'), Buffer.alloc(0), { mediaType: 'text/plain' });
      await get().attachments.put(empty, Buffer.alloc(0));
      expect((await get().attachments.read(empty.id))?.length).toBe(0);
      expect(await get().attachments.get(uid('missing'))).toBeUndefined();
      expect(await get().attachments.read(uid('missing'))).toBeUndefined();
    });

    it('refuses a second file with the same id and keeps the first', async () => {
      const content = Buffer.from('first');
      const file = record(uid('files'), content);
      await get().attachments.put(file, content);
      await expect(get().attachments.put({ ...file, name: 'other' }, Buffer.from('second'))).rejects.toThrow(
        DuplicateKeyError,
      );
      expect((await get().attachments.read(file.id))?.toString()).toBe('first');
      expect((await get().attachments.get(file.id))?.name).toBe('screenshot.png');
    });

    it('lists and deletes by user and by conversation', async () => {
      const userId = uid('user');
      const conversations = [uid('files'), uid('files')];
      const content = Buffer.from('x');
      const files = range(0, 3).map((i) => record(conversations[i % 2]!, content, { userId }));
      for (const file of files) await get().attachments.put(file, content);
      const stranger = record(conversations[0]!, content, { userId: uid('user') });
      await get().attachments.put(stranger, content);

      expect((await get().attachments.listByUser(userId)).map((r) => r.id).sort()).toEqual(
        files.map((f) => f.id).sort(),
      );
      expect(await get().attachments.deleteByConversation(conversations[1]!)).toBe(2);
      expect(await get().attachments.listByConversation(conversations[1]!)).toEqual([]);
      expect(await get().attachments.deleteByUser(userId)).toBe(2);
      expect(await get().attachments.listByUser(userId)).toEqual([]);
      expect(await get().attachments.read(files[0]!.id)).toBeUndefined();
      // Only that user's files went.
      expect((await get().attachments.listByConversation(conversations[0]!)).map((r) => r.id)).toEqual([
        stranger.id,
      ]);
    });

    it('purges files stored before a date and keeps the newer ones', async () => {
      const conversationId = uid('files');
      const content = randomBytes(300 * 1024);
      const old = record(conversationId, content, { createdAt: '2001-01-01T00:00:00.000Z' });
      const recent = record(conversationId, content, { createdAt: '2001-03-01T00:00:00.000Z' });
      await get().attachments.put(old, content);
      await get().attachments.put(recent, content);
      const purged = await get().attachments.purge(new Date('2001-02-01T00:00:00.000Z'));
      expect(purged).toBeGreaterThanOrEqual(1);
      expect(await get().attachments.get(old.id)).toBeUndefined();
      expect(await get().attachments.read(old.id)).toBeUndefined();
      expect((await get().attachments.read(recent.id))?.equals(content)).toBe(true);
    });
  });
}
