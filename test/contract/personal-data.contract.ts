import { ERASED_EVENT, type StorageBackend } from '../../src/storage/ports';
import { transcriptEntry, uid, type MakeBackend } from './contract-helpers';

/** Long before anything the rest of the suite writes, so a purge up to it touches only this file's data. */
const LONG_AGO = '2001-01-01T00:00:00.000Z';
const CUTOFF = new Date('2002-01-01T00:00:00.000Z');
const LATER = '2003-01-01T00:00:00.000Z';

/**
 * What retention and privacy requests need from the stores: purges by age that take whole
 * conversations, lookups by user, deletes by conversation or key, and events scrubbed in place.
 */
export function describePersonalDataContract(get: () => StorageBackend, open: MakeBackend): void {
  describe('retention and privacy', () => {
    it("transcripts: finds a participant's conversations, purges whole idle conversations, deletes on request", async () => {
      const [idle, mixed, other] = [uid('idle'), uid('mixed'), uid('other')];
      const alice = uid('alice');
      const at = (conversationId: string, when: string, from = alice) => ({
        ...transcriptEntry(conversationId, `said at ${when}`),
        at: when,
        from: { id: from, role: 'user' as const },
      });
      await get().transcripts.append(at(idle, LONG_AGO));
      await get().transcripts.append(at(mixed, LONG_AGO));
      await get().transcripts.append(at(mixed, LATER));
      await get().transcripts.append(at(other, LONG_AGO, uid('bob')));
      expect((await get().transcripts.conversationsWith([alice])).sort()).toEqual([idle, mixed].sort());

      // A conversation with an entry after the cutoff is kept whole, even its old entries.
      expect(await get().transcripts.purge(CUTOFF)).toBeGreaterThanOrEqual(2);
      expect(await get().transcripts.list(idle)).toEqual([]);
      expect(await get().transcripts.list(other)).toEqual([]);
      expect(await get().transcripts.list(mixed)).toHaveLength(2);

      const another = await open();
      expect(await another.transcripts.deleteConversations([mixed])).toBe(2);
      expect(await get().transcripts.conversationsWith([alice])).toEqual([]);
    });

    it("Direct Line: finds a user's conversations, purges by the newest activity, deletes on request", async () => {
      const [idle, active, empty] = [uid('dl-idle'), uid('dl-active'), uid('dl-empty')];
      const userId = uid('dl_user');
      for (const id of [idle, active, empty])
        await get().directLine.createConversation({ id, userId, createdAt: LONG_AGO });
      await get().directLine.appendActivity(idle, () => ({ type: 'message', timestamp: LONG_AGO }));
      await get().directLine.appendActivity(active, () => ({ type: 'message', timestamp: LONG_AGO }));
      await get().directLine.appendActivity(active, () => ({ type: 'message', timestamp: LATER }));
      expect((await get().directLine.conversationsOf([userId])).map((c) => c.id).sort()).toEqual(
        [idle, active, empty].sort(),
      );

      expect(await get().directLine.purge(CUTOFF)).toBeGreaterThanOrEqual(2);
      expect(await get().directLine.getConversation(idle)).toBeUndefined();
      expect(await get().directLine.getConversation(empty)).toBeUndefined();
      expect(await get().directLine.listActivities(idle, 0)).toEqual([]);
      expect(await get().directLine.listActivities(active, 0)).toHaveLength(2);

      expect(await get().directLine.deleteConversations([active])).toBe(2);
      expect(await get().directLine.conversationsOf([userId])).toEqual([]);
    });

    it('bot state: lists keys by a test and erases them for good', async () => {
      const id = uid('state');
      const keys = [`directline/users/${id}/`, `directline/conversations/${id}/`];
      await get().botState.write({ [keys[0]!]: { a: 1 }, [keys[1]!]: { b: 2 } });
      expect((await get().botState.keysMatching((key) => key.includes(id))).sort()).toEqual([...keys].sort());
      expect(await get().botState.erase(keys)).toBe(2);
      expect(await get().botState.read(keys)).toEqual({});
      expect(await get().botState.keysMatching((key) => key.includes(id))).toEqual([]);
      // Written again after an erase, a key starts afresh.
      await get().botState.write({ [keys[0]!]: { a: 3 } });
      expect(await get().botState.read([keys[0]!])).toMatchObject({ [keys[0]!]: { a: 3 } });
    });

    it('events: scrubbed in place, keeping their numbers, so readers never meet a gap', async () => {
      const stream = uid('scrub');
      for (const who of ['alice', 'bob', 'alice'])
        await get().events.append(stream, { type: 'message', who });
      expect(await get().events.scrub(stream, (event) => event.who === 'alice')).toBe(2);
      const events = await get().events.list(stream, 0);
      expect(events.map((e) => [e.seq, e.event])).toEqual([
        [1, ERASED_EVENT],
        [2, { type: 'message', who: 'bob' }],
        [3, ERASED_EVENT],
      ]);
      expect(await get().events.append(stream, { type: 'message', who: 'carol' })).toBe(4);
    });
  });
}
