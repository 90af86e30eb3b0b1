import { randomUUID } from 'node:crypto';
import { mongoBackends } from '../helpers/mongo-backends';
import { mongoTestsEnabled, resolveMongoTarget } from '../helpers/mongo-target';

const target = resolveMongoTarget();

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const SUITE = 'storage-mongo-bot-state';

if (mongoTestsEnabled(target, SUITE)) {
  describe('MongoDB bot state: a key read as absent is written without reading it again', () => {
    const backends = mongoBackends(target, 'firstline_state');
    const instance = (commands?: string[]) =>
      backends.connect(
        commands ? { onCommand: (name, collection) => commands.push(`${name} ${collection ?? ''}`) } : {},
      );

    it('reads a new key once and then inserts its first version, nothing else', async () => {
      const commands: string[] = [];
      const backend = await instance(commands);
      const key = `directline/conversations/${randomUUID()}`;
      // The purge at start deletes old tombstones once; only what comes after it counts.
      await until(() => commands.includes('delete bot_state'));
      commands.length = 0;
      expect(await backend.botState.read([key])).toEqual({});
      await backend.botState.write({ [key]: { step: 1 } });
      expect(commands.filter((command) => command.endsWith(' bot_state'))).toEqual([
        'find bot_state',
        'insert bot_state',
      ]);
      expect(await backend.botState.read([key])).toEqual({ [key]: expect.objectContaining({ step: 1 }) });
    });

    it('still sees versions another instance wrote after the key was read as absent', async () => {
      const [here, there] = [await instance(), await instance()];
      const key = `directline/users/${randomUUID()}`;
      expect(await here.botState.read([key])).toEqual({});
      await there.botState.write({ [key]: { by: 'there', n: 1 } });
      await there.botState.write({ [key]: { by: 'there', n: 2 } });
      // Unconditional: the stale "no version yet" is refused by the unique index, then read again.
      await here.botState.write({ [key]: { by: 'here', n: 3 } });
      expect(await there.botState.read([key])).toEqual({
        [key]: expect.objectContaining({ by: 'here', n: 3 }),
      });
    });

    it('refuses a write whose eTag is stale although the key was read as absent', async () => {
      const [here, there] = [await instance(), await instance()];
      const key = `directline/conversations/${randomUUID()}`;
      expect(await here.botState.read([key])).toEqual({});
      await there.botState.write({ [key]: { by: 'there' } });
      await expect(
        here.botState.write({ [key]: { by: 'here', eTag: 'not-the-current-one' } }),
      ).rejects.toThrow();
      expect(await there.botState.read([key])).toEqual({ [key]: expect.objectContaining({ by: 'there' }) });
    });
  });
} else {
  it.skip(`${SUITE}: no MongoDB-compatible server (see console)`, () => undefined);
}
