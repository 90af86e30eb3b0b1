import { MemoryStorage, TestAdapter, TurnContext, type StoreItems } from 'botbuilder';
import { TurnConversationState } from '../../../src/turn';

/** MemoryStorage that counts its writes. */
class CountingStorage extends MemoryStorage {
  writes = 0;
  override async write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return super.write(changes);
  }
}

const turn = () =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    channelId: 'test',
    conversation: { id: 'c1', isGroup: false, name: '', conversationType: 'personal' },
    from: { id: 'u1', name: '' },
    recipient: { id: 'bot', name: '' },
    text: 'hi',
  });

describe('TurnConversationState: botbuilder state with a JSON fingerprint for its change check', () => {
  it('writes state a turn changed, and not state it only read', async () => {
    const storage = new CountingStorage();
    const state = new TurnConversationState(storage);
    const count = state.createProperty<{ n: number }>('count');

    const first = turn();
    await count.set(first, { n: 1 });
    await state.saveChanges(first);
    expect(storage.writes).toBe(1);

    const second = turn();
    expect(await count.get(second)).toEqual({ n: 1 });
    await state.saveChanges(second);
    await state.saveChanges(second);
    expect(storage.writes).toBe(1);

    const third = turn();
    (await count.get(third))!.n = 2; // changed in place, as dialogs do
    await state.saveChanges(third);
    await state.saveChanges(third); // already saved: nothing new
    expect(storage.writes).toBe(2);
    expect(await count.get(turn())).toEqual({ n: 2 });
  });

  it('writes on force and after clear, even without a change', async () => {
    const storage = new CountingStorage();
    const state = new TurnConversationState(storage);
    const context = turn();
    await state.load(context);
    await state.saveChanges(context, true);
    expect(storage.writes).toBe(1);
    await state.clear(context);
    await state.saveChanges(context);
    expect(storage.writes).toBe(2);
    expect(state.get(context)).toEqual({ eTag: '*' });
  });

  it('still checks state that JSON cannot express (a cycle) for changes', async () => {
    const storage = new CountingStorage();
    const state = new TurnConversationState(storage);
    const context = turn();
    const loaded = (await state.load(context)) as Record<string, unknown>;
    const node: Record<string, unknown> = { name: 'a' };
    node.self = node;
    loaded.node = node;
    await expect(state.saveChanges(context)).rejects.toThrow(); // MemoryStorage cannot store it either
    expect(storage.writes).toBe(1);
  });
});
