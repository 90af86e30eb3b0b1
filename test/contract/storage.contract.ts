import type { StorageBackend, TranscriptEntry } from '../../src/storage/ports';
import { describeAttachmentsContract } from './attachments.contract';
import { describeBotStateContract } from './bot-state.contract';
import { describeCountersContract, describeEventsContract } from './counters-events.contract';
import { describeCaseTalliesContract } from './case-tallies.contract';
import { describeDocumentsContract } from './documents.contract';
import { describePersonalDataContract } from './personal-data.contract';
import { describeRateLimitsContract } from './rate-limits.contract';
import { describeSignalsContract } from './signals.contract';
import { describeTurnReadsContract } from './turn-reads.contract';
export type { ContractOptions, MakeBackend } from './contract-helpers';
import {
  range,
  sleep,
  transcriptEntry,
  uid,
  type ContractOptions,
  type MakeBackend,
} from './contract-helpers';

/**
 * The semantics every StorageBackend must have. makeBackend() is called once for the shared
 * instance and again wherever a test needs a second instance or a reopen; every backend it
 * returns is closed after the suite.
 */
export function describeStorageContract(
  name: string,
  makeBackend: MakeBackend,
  options: ContractOptions = {},
): void {
  describe(`storage contract: ${name}`, () => {
    const opened: StorageBackend[] = [];
    let backend: StorageBackend;
    const open = async (): Promise<StorageBackend> => {
      const created = await makeBackend();
      opened.push(created);
      return created;
    };

    beforeAll(async () => {
      backend = await open();
    });
    afterAll(async () => {
      for (const created of opened) await created.close();
    });

    describeBotStateContract(() => backend, open, options);
    describeTranscriptContract(() => backend, open, options);
    describeDirectLineContract(() => backend, open, options);
    describeIdempotencyContract(() => backend, open, options);
    describeSecretsContract(() => backend, open, options);
    describeSignalsContract(() => backend, open, options);
    describeDocumentsContract(() => backend, open);
    describeCaseTalliesContract(() => backend);
    describeCountersContract(() => backend, open);
    describeEventsContract(() => backend, open);
    describeRateLimitsContract(() => backend, open, options);
    describeAttachmentsContract(() => backend, open);
    describePersonalDataContract(() => backend, open);
    describeTurnReadsContract(() => backend, open);

    describe('lifecycle', () => {
      it('pings while open', async () => {
        await expect(backend.ping()).resolves.toBeUndefined();
        expect(['sqlite', 'mongodb']).toContain(backend.kind);
      });

      it('closes idempotently, and ping rejects after close', async () => {
        const other = await open();
        await other.close();
        await other.close();
        await expect(Promise.all([other.close(), other.close()])).resolves.toBeDefined();
        await expect(other.ping()).rejects.toThrow();
      });

      it('keeps data across close and reopen', async () => {
        const first = await open();
        const conversationId = uid('reopen');
        await first.botState.write({ [conversationId]: { step: 3 } });
        await first.transcripts.append(transcriptEntry(conversationId, 'hello'));
        await first.directLine.appendActivity(conversationId, (index) => ({
          id: `${conversationId}|${index}`,
        }));
        const secret = await first.secrets.getOrCreate(conversationId, () => 'kept');
        expect(await first.idempotency.claim(conversationId, 60_000)).toBe(true);
        await first.close();

        const second = await open();
        expect((await second.botState.read([conversationId]))[conversationId]).toMatchObject({ step: 3 });
        expect((await second.transcripts.list(conversationId)).map((e) => e.text)).toEqual(['hello']);
        expect(await second.directLine.listActivities(conversationId, 0)).toHaveLength(1);
        expect(await second.secrets.getOrCreate(conversationId, () => 'other')).toBe(secret);
        expect(await second.idempotency.claim(conversationId, 60_000)).toBe(false);
        // Numbering continues after the reopen instead of restarting.
        expect((await second.transcripts.append(transcriptEntry(conversationId, 'again'))).seq).toBe(2);
      });
    });
  });
}

function describeTranscriptContract(
  get: () => StorageBackend,
  open: MakeBackend,
  options: ContractOptions,
): void {
  describe('transcripts', () => {
    it('assigns seq from 1 and lists oldest first with every field', async () => {
      const id = uid('tr');
      const entry: TranscriptEntry = {
        ...transcriptEntry(id, 'Zażółć gęślą jaźń'),
        activityId: 'a-1',
        from: { id: 'bot', name: 'FirstLine', role: 'bot' },
        direction: 'outgoing',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', summary: 'Reset password' }],
      };
      const stored = await get().transcripts.append(entry);
      expect(stored).toEqual({ ...entry, seq: 1 });
      expect((await get().transcripts.append(transcriptEntry(id, 'second'))).seq).toBe(2);
      expect(await get().transcripts.list(id)).toEqual([
        stored,
        expect.objectContaining({ seq: 2, text: 'second' }),
      ]);
    });

    it('gives 50 concurrent appends the seqs 1..50 with no gaps or duplicates', async () => {
      const id = uid('tr');
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => get().transcripts.append(transcriptEntry(id, `m${i}`))),
      );
      expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(range(1, 50));
      const listed = await get().transcripts.list(id);
      expect(listed.map((e) => e.seq)).toEqual(range(1, 50));
      // Each stored entry is the one that was given that seq.
      const textBySeq = new Map(results.map((r) => [r.seq, r.text]));
      for (const entry of listed) expect(entry.text).toBe(textBySeq.get(entry.seq));
    });

    it('lists after a seq with a limit, per conversation', async () => {
      const id = uid('tr');
      const other = uid('tr');
      for (let i = 1; i <= 5; i++) await get().transcripts.append(transcriptEntry(id, `m${i}`));
      await get().transcripts.append(transcriptEntry(other, 'elsewhere'));
      expect((await get().transcripts.list(id, { afterSeq: 2 })).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect((await get().transcripts.list(id, { afterSeq: 1, limit: 2 })).map((e) => e.seq)).toEqual([2, 3]);
      expect(await get().transcripts.list(id, { afterSeq: 5 })).toEqual([]);
      expect(await get().transcripts.list(uid('none'))).toEqual([]);
      expect((await get().transcripts.list(other)).map((e) => e.seq)).toEqual([1]);
    });

    it("appends a turn's entries together, in order, after those before", async () => {
      const id = uid('tr');
      await get().transcripts.append(transcriptEntry(id, 'first'));
      const stored = await get().transcripts.appendAll([
        transcriptEntry(id, 'question'),
        transcriptEntry(id, 'answer'),
        transcriptEntry(id, 'offer'),
      ]);
      expect(stored.map((e) => [e.seq, e.text])).toEqual([
        [2, 'question'],
        [3, 'answer'],
        [4, 'offer'],
      ]);
      expect(await get().transcripts.list(id)).toEqual([expect.objectContaining({ seq: 1 }), ...stored]);
      expect(await get().transcripts.appendAll([])).toEqual([]);
      await expect(
        get().transcripts.appendAll([transcriptEntry(id, 'a'), transcriptEntry(uid('tr'), 'b')]),
      ).rejects.toThrow(/one conversation/);
    });

    if (options.multiInstance) {
      it('keeps each batch in order when two instances append to one conversation at once', async () => {
        const second = await open();
        const id = uid('tr');
        const batch = (instance: StorageBackend, name: string) =>
          instance.transcripts.appendAll([1, 2, 3].map((n) => transcriptEntry(id, `${name}${n}`)));
        await Promise.all(Array.from({ length: 10 }, (_, i) => batch(i % 2 ? second : get(), `b${i}-`)));
        const listed = await get().transcripts.list(id);
        expect(listed.map((e) => e.seq)).toEqual(range(1, 30));
        for (let i = 0; i < 10; i++) {
          const mine = listed.filter((e) => e.text?.startsWith(`b${i}-`)).map((e) => e.text);
          expect(mine).toEqual([`b${i}-1`, `b${i}-2`, `b${i}-3`]);
        }
      });

      it('numbers appends from two instances consecutively', async () => {
        const second = await open();
        const id = uid('tr');
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? second : get()).transcripts.append(transcriptEntry(id, `m${i}`)),
          ),
        );
        expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(range(1, 40));
        expect((await get().transcripts.list(id)).map((e) => e.seq)).toEqual(range(1, 40));
      });
    }
  });
}

function describeDirectLineContract(
  get: () => StorageBackend,
  open: MakeBackend,
  options: ContractOptions,
): void {
  describe('directLine', () => {
    it('creates and reads conversations; refuses to create one twice', async () => {
      const id = uid('dl');
      const conversation = { id, userId: 'dl_user', createdAt: new Date().toISOString() };
      await get().directLine.createConversation(conversation);
      expect(await get().directLine.getConversation(id)).toEqual(conversation);
      expect(await get().directLine.getConversation(uid('none'))).toBeUndefined();
      // A second create must not hand the conversation to another user.
      await expect(
        get().directLine.createConversation({ ...conversation, userId: 'intruder' }),
      ).rejects.toThrow();
      expect((await get().directLine.getConversation(id))?.userId).toBe('dl_user');
    });

    it('passes the assigned index to build and stores what it returns', async () => {
      const id = uid('dl');
      const first = await get().directLine.appendActivity(id, (index) => ({
        id: `${id}|${index}`,
        type: 'message',
        attachments: [
          { content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', 'a.b': 1 } },
        ],
      }));
      expect(first.index).toBe(0);
      expect(first.activity.id).toBe(`${id}|0`);
      const second = await get().directLine.appendActivity(id, (index) => ({ id: `${id}|${index}` }));
      expect(second).toEqual({ conversationId: id, index: 1, activity: { id: `${id}|1` } });
      expect(await get().directLine.listActivities(id, 0)).toEqual([first, second]);
    });

    it('gives 50 concurrent appends the indexes 0..49 and lists from a watermark', async () => {
      const id = uid('dl');
      const records = await Promise.all(
        Array.from({ length: 50 }, () =>
          get().directLine.appendActivity(id, (index) => ({ id: `${id}|${index}` })),
        ),
      );
      expect(records.map((r) => r.index).sort((a, b) => a - b)).toEqual(range(0, 49));
      for (const record of records) expect(record.activity.id).toBe(`${id}|${record.index}`);
      const fromTen = await get().directLine.listActivities(id, 10, 5);
      expect(fromTen.map((r) => r.index)).toEqual([10, 11, 12, 13, 14]);
      expect(fromTen.map((r) => r.activity.id)).toEqual(range(10, 14).map((i) => `${id}|${i}`));
      expect((await get().directLine.listActivities(id, 45)).map((r) => r.index)).toEqual([
        45, 46, 47, 48, 49,
      ]);
      expect(await get().directLine.listActivities(id, 50)).toEqual([]);
    });

    it('stores nothing and consumes no index when build throws', async () => {
      const id = uid('dl');
      await expect(
        get().directLine.appendActivity(id, () => {
          throw new Error('build failed');
        }),
      ).rejects.toThrow('build failed');
      expect((await get().directLine.appendActivity(id, () => ({}))).index).toBe(0);
    });

    if (options.multiInstance) {
      it('assigns indexes consecutively across two instances', async () => {
        const second = await open();
        const id = uid('dl');
        const records = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? second : get()).directLine.appendActivity(id, (index) => ({ id: `${id}|${index}` })),
          ),
        );
        expect(records.map((r) => r.index).sort((a, b) => a - b)).toEqual(range(0, 39));
        const listed = await second.directLine.listActivities(id, 0);
        expect(listed.map((r) => r.activity.id)).toEqual(range(0, 39).map((i) => `${id}|${i}`));
      });
    }
  });
}

function describeIdempotencyContract(
  get: () => StorageBackend,
  open: MakeBackend,
  options: ContractOptions,
): void {
  describe('idempotency', () => {
    it('is true for the first claim of a key only', async () => {
      const key = uid('idem');
      expect(await get().idempotency.claim(key, 60_000)).toBe(true);
      expect(await get().idempotency.claim(key, 60_000)).toBe(false);
      expect(await get().idempotency.claim(uid('idem'), 60_000)).toBe(true);
    });

    it('gives exactly one of 20 concurrent claims true', async () => {
      const key = uid('idem');
      const results = await Promise.all(
        Array.from({ length: 20 }, () => get().idempotency.claim(key, 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('lets an expired key be claimed again, once', async () => {
      const key = uid('idem');
      expect(await get().idempotency.claim(key, 100)).toBe(true);
      expect(await get().idempotency.claim(key, 100)).toBe(false);
      await sleep(250); // the scenario: real time passes until the 100 ms claim has expired
      const results = await Promise.all(
        Array.from({ length: 20 }, () => get().idempotency.claim(key, 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await get().idempotency.claim(key, 60_000)).toBe(false);
    });

    it('begins a delivery once: running until finished, then done', async () => {
      const key = uid('delivery');
      const first = await get().idempotency.begin(key, 60_000, 60_000);
      expect(first.state).toBe('first');
      const during = await get().idempotency.begin(key, 60_000, 60_000);
      expect(during.state).toBe('running');
      if (during.state === 'running') expect(during.leaseUntil).toBeGreaterThan(Date.now());
      if (first.state === 'first') await first.finish();
      expect((await get().idempotency.begin(key, 60_000, 60_000)).state).toBe('done');
    });

    it('gives exactly one of 20 concurrent begins of a delivery the processing', async () => {
      const key = uid('delivery');
      const results = await Promise.all(
        Array.from({ length: 20 }, () => get().idempotency.begin(key, 60_000, 60_000)),
      );
      expect(results.map((r) => r.state).sort()).toEqual(['first', ...Array<string>(19).fill('running')]);
    });

    it('retakes a delivery whose lease ran out unfinished, once; its finish makes it done', async () => {
      const key = uid('delivery');
      expect((await get().idempotency.begin(key, 100, 60_000)).state).toBe('first');
      await sleep(250); // the scenario: real time passes until the 100 ms lease has run out
      const results = await Promise.all(
        Array.from({ length: 10 }, () => get().idempotency.begin(key, 60_000, 60_000)),
      );
      const retakes = results.filter((r) => r.state === 'retake');
      expect(retakes).toHaveLength(1);
      expect(results.filter((r) => r.state === 'running')).toHaveLength(9);
      const retake = retakes[0]!;
      if (retake.state === 'retake') await retake.finish();
      expect((await get().idempotency.begin(key, 60_000, 60_000)).state).toBe('done');
    });

    it('lists deliveries whose lease ran out unfinished by prefix, oldest first; not finished ones', async () => {
      const prefix = `${uid('stalled')}:`;
      const t0 = Date.now();
      const dead = await get().idempotency.begin(`${prefix}dead`, 1_000, 60_000);
      const older = await get().idempotency.begin(`${prefix}older`, 500, 60_000);
      const finished = await get().idempotency.begin(`${prefix}finished`, 500, 60_000);
      if (finished.state === 'first') await finished.finish();
      await get().idempotency.begin(`${prefix}alive`, 60_000, 60_000);
      await get().idempotency.claim(`${prefix}claim`, 60_000);
      await get().idempotency.begin(`other${prefix}dead`, 500, 60_000);
      expect([dead.state, older.state]).toEqual(['first', 'first']);
      // "Now" is passed in: ten seconds on, the two short leases have run out, the long one has not.
      const later = Date.now() + 10_000;
      expect(await get().idempotency.stalled(prefix, t0 - 1, later, 10)).toEqual([
        `${prefix}older`,
        `${prefix}dead`,
      ]);
      expect(await get().idempotency.stalled(prefix, t0 - 1, later, 1)).toEqual([`${prefix}older`]);
      // Leases that ran out before `since` are left alone, and none has run out yet at t0.
      expect(await get().idempotency.stalled(prefix, later, later + 10_000, 10)).toEqual([]);
      expect(await get().idempotency.stalled(prefix, t0 - 60_000, t0, 10)).toEqual([]);
    });

    if (options.multiInstance) {
      it('gives exactly one begin of a delivery the processing across two instances', async () => {
        const second = await open();
        const key = uid('delivery');
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? second : get()).idempotency.begin(key, 60_000, 60_000),
          ),
        );
        expect(results.filter((r) => r.state === 'first')).toHaveLength(1);
      });

      it('gives exactly one claim true across two instances', async () => {
        const second = await open();
        const key = uid('idem');
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? second : get()).idempotency.claim(key, 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    }
  });
}

function describeSecretsContract(
  get: () => StorageBackend,
  open: MakeBackend,
  options: ContractOptions,
): void {
  describe('secrets', () => {
    it('creates a value once and returns it afterwards without calling create', async () => {
      const name = uid('secret');
      expect(await get().secrets.getOrCreate(name, () => 'first')).toBe('first');
      const create = jest.fn(() => 'second');
      expect(await get().secrets.getOrCreate(name, create)).toBe('first');
      expect(create).not.toHaveBeenCalled();
    });

    it('lets the first writer win under 20 concurrent callers', async () => {
      const name = uid('secret');
      const instances = options.multiInstance ? [get(), await open()] : [get()];
      const values = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          instances[i % instances.length]!.secrets.getOrCreate(name, () => `v${i}`),
        ),
      );
      expect(new Set(values).size).toBe(1);
      expect(await get().secrets.getOrCreate(name, () => 'late')).toBe(values[0]);
    });
  });
}
