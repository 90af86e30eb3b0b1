import { AUDIT_COLLECTION, pseudonymousUserId, type AuditEntry } from '../../../src/audit';
import { run } from '../../../src/cli/commands/privacy';
import { ERASED_TEXT } from '../../../src/personal-data';
import type { Ticket } from '../../../src/tickets';
import { describeEachBackend, type BackendUnderTest } from '../../helpers/each-backend';
import { seedChat, type SeededChat } from './seed';

/** Runs `firstline privacy …` in this process against the backend's data, capturing its output. */
async function cli(backend: BackendUnderTest, args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const saved = { ...process.env };
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...backend.env });
  try {
    return { code: await run(args), out: out.join('\n') };
  } finally {
    process.env = saved;
    log.mockRestore();
    error.mockRestore();
  }
}

/** What must not survive an erasure: the user's ids, name (and its parts) and what they wrote. */
function tracesOf(chat: SeededChat): string[] {
  const nameParts = chat.userName.split(/[\s-]+/);
  return [chat.userId, chat.userName, ...nameParts, ...chat.messages, chat.remark];
}

/** Where each trace still appears: `table: trace`. */
function findTraces(dump: Record<string, string>, traces: string[]): string[] {
  const found: string[] = [];
  for (const [table, text] of Object.entries(dump)) {
    for (const trace of traces) if (text.includes(trace)) found.push(`${table}: ${trace}`);
  }
  return found;
}

describeEachBackend('privacy export and delete (CLI)', (withBackend) => {
  it('exports everything about one user, and nothing about another', async () => {
    await withBackend(async (backend) => {
      const olga = await seedChat(backend.storage, backend.clock, 'Olga');
      const nina = await seedChat(backend.storage, backend.clock, 'Nina');
      const { code, out } = await cli(backend, ['export', '--user', olga.userId]);
      expect(code).toBe(0);
      const exported = JSON.parse(out) as {
        subject: { userIds: string[]; names: string[]; conversationIds: string[] };
        data: Record<string, unknown[]>;
      };
      expect(exported.subject).toMatchObject({
        userIds: [olga.userId],
        names: [olga.userName],
        conversationIds: [olga.conversationId],
      });
      const counts = Object.fromEntries(Object.entries(exported.data).map(([k, v]) => [k, v.length]));
      expect(counts).toMatchObject({
        transcripts: 1,
        directLine: 1,
        botState: 4,
        attachments: 1,
        feedback: 1,
        cases: 1,
        'bot-chats': 1,
        'conversation-owners': 1,
        tickets: 1,
        handoffs: 1,
        consoleEvents: 2,
      });
      for (const message of olga.messages) expect(out).toContain(message);
      expect(findTraces({ export: out }, tracesOf(nina))).toEqual([]);
    });
  });

  it('after delete, no table or collection holds a trace of the user; another user is intact', async () => {
    await withBackend(async (backend) => {
      const olga = await seedChat(backend.storage, backend.clock, 'Olga');
      const nina = await seedChat(backend.storage, backend.clock, 'Nina');
      // On MongoDB the seeding app strips superseded document revisions in batches, at most
      // 500 ms after each write; the erasure strips the revisions it supersedes itself. Waiting
      // for the seeding app's batch is what a running app does on its own.
      await (backend.storage as { settle?: () => Promise<void> }).settle?.();
      const before = await backend.dumpEverything();
      expect(findTraces(before, tracesOf(olga)).length).toBeGreaterThan(10);

      const { code, out } = await cli(backend, ['delete', '--user', olga.userId]);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ found: true, counts: { tickets: 1, transcripts: 4 } });

      const after = await backend.dumpEverything();
      expect(findTraces(after, tracesOf(olga))).toEqual([]);
      // The other user's data is all still there, in the same places as before.
      expect(findTraces(after, tracesOf(nina))).toEqual(findTraces(before, tracesOf(nina)));

      // The ticket is kept, without the person.
      const ticket = await backend.storage.collection<Ticket>('tickets').get(olga.ticketId);
      expect(ticket).toMatchObject({ status: 'resolved', problem: ERASED_TEXT, facts: {} });
      expect(ticket?.user.id).toMatch(/^erased-/);
      expect(ticket?.notes[0]?.text).toBe('Called [removed] back about it');
      expect(ticket?.rating).toEqual({ score: 4, at: expect.any(String) as unknown });

      // Audited, with the user only as a hash of their id.
      const audit = await backend.storage.collection<AuditEntry>(AUDIT_COLLECTION).find({});
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'privacy.delete',
          actorKind: 'cli',
          subjectKind: 'user',
          subjectId: pseudonymousUserId(olga.userId),
          detail: expect.objectContaining({ tickets: 1 }) as unknown,
        }),
      ]);

      // On SQLite, not even in the file's free pages once the WAL is folded back (as at close).
      if (backend.rawFiles) {
        const raw = await backend.rawFiles();
        for (const message of olga.messages) expect(raw.includes(Buffer.from(message))).toBe(false);
        expect(raw.includes(Buffer.from(nina.messages[0]!))).toBe(true);
      }

      // Nothing left to export; a second delete finds nothing.
      const again = await cli(backend, ['delete', '--user', olga.userId]);
      expect(JSON.parse(again.out)).toMatchObject({ found: false });
    });
  });

  it('finds a Teams user by their Entra object id as well as their channel id', async () => {
    await withBackend(async (backend) => {
      const chat = await seedChat(backend.storage, backend.clock, 'Olga');
      const aadObjectId = '3f2c8e1a-7d44-4b0e-9a51-0c9e8d7b6a21';
      await backend.storage.collection<Ticket>('tickets').update(
        chat.ticketId,
        {},
        {
          user: { id: chat.userId, name: chat.userName, aadObjectId },
        },
      );
      const { out } = await cli(backend, ['export', '--user', aadObjectId]);
      const exported = JSON.parse(out) as { subject: { userIds: string[]; conversationIds: string[] } };
      expect(exported.subject.userIds.sort()).toEqual([aadObjectId, chat.userId].sort());
      expect(exported.subject.conversationIds).toEqual([chat.conversationId]);
    });
  });

  it('refuses a missing --user with a usage error', async () => {
    await withBackend(async (backend) => {
      expect((await cli(backend, ['delete'])).code).toBe(2);
      expect((await cli(backend, ['export', '--user', ' '])).code).toBe(2);
    });
  });
});
