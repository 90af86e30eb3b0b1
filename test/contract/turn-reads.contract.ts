import type { StorageBackend, StoredDocument } from '../../src/storage/ports';
import { uid, type MakeBackend } from './contract-helpers';

interface Note extends StoredDocument {
  text: string;
}

/**
 * withinTurn: a turn's reads are cached (each record read once) but never stale for its own writes,
 * readers get copies, and nothing is cached outside a turn or after it ended.
 */
export function describeTurnReadsContract(get: () => StorageBackend, open: MakeBackend): void {
  describe('reads within a turn', () => {
    it("sees the turn's own writes of documents and bot state", async () => {
      const storage = get();
      const notes = storage.collection<Note>(uid('notes'));
      const id = uid('n');
      const key = uid('directline/conversations/c');
      await storage.withinTurn(uid('c'), async () => {
        expect(await notes.get(id)).toBeUndefined();
        await notes.insert({ id, text: 'one' });
        expect((await notes.get(id))?.text).toBe('one');
        await notes.update(id, {}, { text: 'two' });
        expect(await notes.get(id)).toMatchObject({ text: 'two', version: 2 });
        expect(await storage.botState.read([key])).toEqual({});
        await storage.botState.write({ [key]: { step: 1 } });
        expect((await storage.botState.read([key]))[key]).toMatchObject({ step: 1 });
        await notes.delete(id);
        expect(await notes.get(id)).toBeUndefined();
      });
    });

    it('gives each reader its own copy', async () => {
      const storage = get();
      const notes = storage.collection<Note>(uid('notes'));
      const id = uid('n');
      const key = uid('directline/users/u');
      await notes.insert({ id, text: 'kept' });
      await storage.botState.write({ [key]: { language: 'de' } });
      await storage.withinTurn(uid('c'), async () => {
        const first = (await notes.get(id))!;
        first.text = 'changed by a reader';
        expect((await notes.get(id))?.text).toBe('kept');
        const state = await storage.botState.read([key]);
        (state[key] as { language: string }).language = 'pl';
        expect((await storage.botState.read([key]))[key]).toMatchObject({ language: 'de' });
      });
    });

    it("reads what the conversation's previous turn read, fresh, in the next turn", async () => {
      const storage = get();
      const other = await open(); // another writer: a CLI command or, on MongoDB, another instance
      const name = uid('notes');
      const conversation = uid('c');
      const ids = [uid('a'), uid('b')];
      const key = uid('directline/conversations/c');
      for (const id of ids) await storage.collection<Note>(name).insert({ id, text: 'before' });
      await storage.botState.write({ [key]: { turn: 1 } });
      const readAll = () =>
        storage.withinTurn(conversation, async () => ({
          notes: await Promise.all(ids.map((id) => storage.collection<Note>(name).get(id))),
          state: await storage.botState.read([key]),
        }));
      await readAll();
      for (const id of ids) await other.collection<Note>(name).update(id, {}, { text: 'after' });
      await other.botState.write({ [key]: { turn: 2 } });
      const next = await readAll();
      expect(next.notes.map((n) => n?.text)).toEqual(['after', 'after']);
      expect(next.state[key]).toMatchObject({ turn: 2 });
    });

    it('reads afresh outside a turn and after the turn has ended', async () => {
      const storage = get();
      const other = await open();
      const name = uid('notes');
      const id = uid('n');
      await storage.collection<Note>(name).insert({ id, text: 'one' });
      let later: (() => Promise<Note | undefined>) | undefined;
      await storage.withinTurn(uid('c'), async () => {
        await storage.collection<Note>(name).get(id);
        // Work a turn leaves behind (a timer) runs after it: it must not read the turn's snapshot.
        later = () => storage.collection<Note>(name).get(id);
      });
      await other.collection<Note>(name).update(id, {}, { text: 'two' });
      expect((await later!())?.text).toBe('two');
      expect((await storage.collection<Note>(name).get(id))?.text).toBe('two');
    });
  });
}
