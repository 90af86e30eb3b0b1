import type { StorageBackend } from '../../src/storage/ports';
import { sleep, uid, type ContractOptions, type MakeBackend } from './contract-helpers';

/** Resolves when the listener has been called, rejects after timeoutMs. */
function nextSignal(backend: StorageBackend, conversationId: string, timeoutMs = 3_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no signal for ${conversationId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = backend.signals.subscribe(conversationId, () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

export function describeSignalsContract(
  get: () => StorageBackend,
  open: MakeBackend,
  options: ContractOptions,
): void {
  describe('signals', () => {
    it('delivers a notify to every listener of that conversation only', async () => {
      const id = uid('sig');
      const calls = { a: 0, b: 0, other: 0 };
      const offA = get().signals.subscribe(id, () => calls.a++);
      const offB = get().signals.subscribe(id, () => calls.b++);
      const offOther = get().signals.subscribe(uid('sig'), () => calls.other++);
      // Listeners on the notifying instance are called before notify returns.
      get().signals.notify(id);
      expect(calls.a).toBeGreaterThanOrEqual(1);
      expect(calls.b).toBeGreaterThanOrEqual(1);
      expect(calls.other).toBe(0);
      offA();
      offB();
      offOther();
    });

    it('stops delivering after unsubscribe, and unsubscribing twice is harmless', async () => {
      const id = uid('sig');
      let calls = 0;
      const off = get().signals.subscribe(id, () => calls++);
      off();
      off();
      get().signals.notify(id);
      expect(calls).toBe(0);
    });

    it('keeps notifying other listeners when one throws', async () => {
      const id = uid('sig');
      const offBad = get().signals.subscribe(id, () => {
        throw new Error('listener bug');
      });
      const received = nextSignal(get(), id);
      expect(() => get().signals.notify(id)).not.toThrow();
      await expect(received).resolves.toBeUndefined();
      offBad();
    });

    it('accepts any string as a key, such as console and handoff:<id>', async () => {
      const handoff = uid('handoff:h');
      const keys = ['console', handoff, 'newListener', 'removeListener', 'error', '__proto__', 'a.b$c'];
      const calls = new Map<string, number>(keys.map((key) => [key, 0]));
      const offs = keys.map((key) => get().signals.subscribe(key, () => calls.set(key, calls.get(key)! + 1)));
      for (const key of keys) get().signals.notify(key);
      for (const key of keys) expect([key, calls.get(key)]).toEqual([key, 1]);
      for (const off of offs) off();
      for (const key of keys) get().signals.notify(key);
      for (const key of keys) expect([key, calls.get(key)]).toEqual([key, 1]);
    });

    if (options.multiInstance) {
      it('delivers console and handoff keys across instances', async () => {
        const second = await open();
        const handoff = uid('handoff:h');
        const received = Promise.all([nextSignal(second, 'console'), nextSignal(second, handoff)]);
        // As below: the notify must come after the subscription on the shared clock.
        await sleep(50);
        get().signals.notify('console');
        get().signals.notify(handoff);
        await expect(received).resolves.toBeDefined();
      });

      it('delivers a notify from another instance within a bounded delay', async () => {
        const second = await open();
        const id = uid('sig');
        const received = nextSignal(second, id);
        // The subscriber's first poll must see the signal as new, not as history.
        await sleep(50);
        const start = Date.now();
        get().signals.notify(id);
        await expect(received).resolves.toBeUndefined();
        expect(Date.now() - start).toBeLessThan(2_000);
        // And again: every notify counts, not only the first.
        const again = nextSignal(second, id);
        get().signals.notify(id);
        await expect(again).resolves.toBeUndefined();
      });
    }
  });
}
