import { randomUUID } from 'node:crypto';
import type { TranscriptEntry } from '../../src/storage/ports';
import { mongoBackends } from '../helpers/mongo-backends';
import { mongoTestsEnabled, resolveMongoTarget } from '../helpers/mongo-target';

const target = resolveMongoTarget();
const SUITE = 'storage-mongo-sequences';

const line = (conversationId: string, text: string): TranscriptEntry => ({
  conversationId,
  channelId: 'directline',
  direction: 'incoming',
  at: new Date().toISOString(),
  type: 'message',
  from: { id: 'u1', role: 'user' },
  text,
});

if (mongoTestsEnabled(target, SUITE)) {
  describe('MongoDB numbered logs: a conversation this instance has not seen is tried from its first number', () => {
    const backends = mongoBackends(target, 'firstline_seq');
    const instance = () => backends.connect();

    it('numbers a new conversation from the start and continues one another instance began', async () => {
      const [first, second] = [await instance(), await instance()];
      const conversation = `c-${randomUUID()}`;
      expect((await first.transcripts.append(line(conversation, 'one'))).seq).toBe(1);
      await first.transcripts.appendAll([line(conversation, 'two'), line(conversation, 'three')]);
      // The second instance guesses seq 1, is refused, looks the highest up and goes on after it.
      const more = await second.transcripts.appendAll([
        line(conversation, 'four'),
        line(conversation, 'five'),
      ]);
      expect(more.map((entry) => entry.seq)).toEqual([4, 5]);
      expect((await first.transcripts.append(line(conversation, 'six'))).seq).toBe(6);
      const texts = (await second.transcripts.list(conversation)).map((entry) => [entry.seq, entry.text]);
      expect(texts).toEqual([
        [1, 'one'],
        [2, 'two'],
        [3, 'three'],
        [4, 'four'],
        [5, 'five'],
        [6, 'six'],
      ]);
    });

    it('keeps a Direct Line log gap-free when another instance appends to a conversation it did not start', async () => {
      const [first, second] = [await instance(), await instance()];
      const conversation = `dl-${randomUUID()}`;
      await first.directLine.createConversation({
        id: conversation,
        userId: 'u1',
        createdAt: new Date().toISOString(),
      });
      for (const text of ['a', 'b', 'c'])
        await first.directLine.appendActivity(conversation, (index) => ({ index, text }));
      const appended = await second.directLine.appendActivity(conversation, (index) => ({
        index,
        text: 'd',
      }));
      expect(appended.index).toBe(3);
      expect(
        (await first.directLine.appendActivity(conversation, (index) => ({ index, text: 'e' }))).index,
      ).toBe(4);
      const log = await first.directLine.listActivities(conversation, 0);
      expect(log.map((record) => [record.index, record.activity.text])).toEqual([
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
        [3, 'd'],
        [4, 'e'],
      ]);
    });

    it("writes a new conversation's first entries without looking anything up", async () => {
      const commands: string[] = [];
      const backend = await backends.connect({
        onCommand: (name, collection) => commands.push(`${name} ${collection ?? ''}`),
      });
      const conversation = `new-${randomUUID()}`;
      await backend.directLine.createConversation({
        id: conversation,
        userId: 'u1',
        createdAt: new Date().toISOString(),
      });
      commands.length = 0;
      await backend.directLine.appendActivity(conversation, (index) => ({ index, text: 'hello' }));
      await backend.transcripts.appendAll([line(conversation, 'hello'), line(conversation, 'hi')]);
      // Only the logs' own commands: the purge at start may still be deleting elsewhere.
      const logs = commands.filter((command) => / (dl_activities|transcripts)$/.test(command));
      expect(logs).toEqual(['insert dl_activities', 'insert transcripts']);
    });

    it('starts over from the first number after the whole conversation was deleted', async () => {
      const backend = await instance();
      const conversation = `gone-${randomUUID()}`;
      await backend.transcripts.appendAll([line(conversation, 'one'), line(conversation, 'two')]);
      await backend.transcripts.deleteConversations([conversation]);
      const fresh = await instance();
      expect((await fresh.transcripts.append(line(conversation, 'again'))).seq).toBe(1);
    });
  });
} else {
  it.skip(`${SUITE}: no MongoDB-compatible server (see console)`, () => undefined);
}
