import { AuditLog, pseudonymousUserId, type AuditEntry } from '../../src/audit';
import { silentLogger } from '../../src/logging';
import { RetentionJob, retentionTasks } from '../../src/personal-data';
import type { Config } from '../../src/config';
import { describeEachBackend, type BackendUnderTest } from '../helpers/each-backend';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-03-01T10:00:00.000Z');

function log({ storage, clock }: BackendUnderTest): AuditLog {
  return new AuditLog(storage, silentLogger(), { retentionDays: 365, clock: () => new Date(clock.now) });
}

const periods = (auditDays: number): Config['retention'] => ({
  eventsDays: 30,
  transcriptsDays: 90,
  directLineDays: 30,
  botStateDays: 90,
  attachmentsDays: 90,
  botChatsHours: 24,
  ticketsDays: 365,
  auditDays,
  feedbackDays: 365,
  feedbackOutboxDays: 30,
  digestsDays: 365,
  casesDays: 365,
  incidentsDays: 365,
  articleDraftsDays: 90,
});

describeEachBackend('audit log', (withBackend) => {
  it('answers filtered queries newest first, over time windows and pages', async () => {
    await withBackend(async (backend) => {
      const audit = log(backend);
      backend.clock.now = START;
      const ada = { kind: 'technician' as const, id: 'tech-ada', name: 'Ada' };
      // One entry every 12 hours over 40 days, alternating actions and subjects.
      for (let i = 0; i < 80; i++) {
        backend.clock.now = START + i * 12 * 60 * 60 * 1000;
        await audit.record({
          action: i % 2 === 0 ? 'ticket.viewed' : 'auth.sign-in',
          actor: i % 4 === 0 ? ada : { kind: 'technician', id: 'tech-bob', name: 'Bob' },
          subject: { kind: 'ticket', id: `ticket-${i % 3}` },
        });
      }
      backend.clock.now = START + 50 * DAY_MS;
      const all = await audit.query({ limit: 500 });
      expect(all).toHaveLength(80);
      expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());

      const adaViews = await audit.query({ actorId: 'tech-ada', action: 'ticket.viewed', limit: 500 });
      expect(adaViews).toHaveLength(20);
      expect(adaViews.every((e) => e.actorName === 'Ada' && e.action === 'ticket.viewed')).toBe(true);
      expect(await audit.query({ subjectKind: 'ticket', subjectId: 'ticket-1', limit: 500 })).toHaveLength(
        27,
      );

      // A window: days 10 to 20 (since inclusive, before exclusive), across the day boundaries.
      const since = new Date(START + 10 * DAY_MS);
      const before = new Date(START + 20 * DAY_MS);
      const window = await audit.query({ since, before, limit: 500 });
      expect(window).toHaveLength(20);
      expect(window.every((e) => e.at >= since.toISOString() && e.at < before.toISOString())).toBe(true);

      // Paging after the last entry received walks every entry exactly once, also through
      // entries written in the same millisecond.
      backend.clock.now = START + 45 * DAY_MS;
      for (let i = 0; i < 5; i++) await audit.record({ action: 'auth.sign-out', actor: ada });
      const everything = await audit.query({ limit: 500 });
      expect(everything).toHaveLength(85);
      const seen: AuditEntry[] = [];
      let after: { at: string; id: string } | undefined;
      for (;;) {
        const page = await audit.query({ limit: 2, ...(after ? { after } : {}) });
        seen.push(...page);
        if (page.length < 2) break;
        after = { at: page.at(-1)!.at, id: page.at(-1)!.id };
      }
      expect(seen.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    });
  });

  it('records one view per viewer, record and hour, however often the console reloads it', async () => {
    await withBackend(async (backend) => {
      const audit = log(backend);
      const ada = { id: 'tech-ada', name: 'Ada' };
      backend.clock.now = START;
      for (let i = 0; i < 5; i++) await audit.viewed('handoff', 'handoff-1', ada);
      await audit.viewed('ticket', 'ticket-1', ada);
      await audit.viewed('handoff', 'handoff-1', { id: 'tech-bob', name: 'Bob' });
      backend.clock.now = START + 60 * 60 * 1000;
      await audit.viewed('handoff', 'handoff-1', ada);
      const views = await audit.query({ subjectId: 'handoff-1', limit: 50 });
      // Newest first; the two views of the same moment in either order.
      expect(views.map((e) => [e.actorName, e.at])[0]).toEqual([
        'Ada',
        new Date(START + 60 * 60 * 1000).toISOString(),
      ]);
      expect(
        views
          .map((e) => [e.actorName, e.at])
          .slice(1)
          .sort(),
      ).toEqual([
        ['Ada', new Date(START).toISOString()],
        ['Bob', new Date(START).toISOString()],
      ]);
    });
  });

  it('keeps a privacy request without the user id, findable by its hash', async () => {
    await withBackend(async (backend) => {
      const audit = log(backend);
      await audit.privacyRequest('delete', 'dl-user-42', { kind: 'cli' }, { conversations: 3 });
      const [entry] = await audit.query({ action: 'privacy.delete', limit: 10 });
      expect(entry).toMatchObject({
        actorKind: 'cli',
        subjectKind: 'user',
        subjectId: pseudonymousUserId('dl-user-42'),
        detail: { conversations: 3 },
      });
      expect(Object.values(await backend.dumpEverything()).join('\n')).not.toContain('dl-user-42');
    });
  });

  it('is purged by the retention job after AUDIT_RETENTION_DAYS, newer entries kept', async () => {
    await withBackend(async (backend) => {
      const audit = log(backend);
      backend.clock.now = START;
      await audit.record({ action: 'auth.sign-in', actor: { kind: 'technician', id: 'old' } });
      backend.clock.now = START + 200 * DAY_MS;
      await audit.record({ action: 'auth.sign-in', actor: { kind: 'technician', id: 'new' } });

      const job = (now: number, days: number) =>
        new RetentionJob({
          storage: backend.storage,
          tasks: retentionTasks(backend.storage, periods(days)),
          logger: silentLogger(),
          clock: () => new Date(now),
        });
      // Day 300 with a 365-day period: both kept.
      backend.clock.now = START + 300 * DAY_MS;
      expect(await job(backend.clock.now, 365).runNow()).toMatchObject({ audit: 0 });
      // Day 400: the first is 400 days old and goes; the second (200 days) stays.
      backend.clock.now = START + 400 * DAY_MS;
      expect(await job(backend.clock.now, 365).runNow()).toMatchObject({ audit: 1 });
      const left = await audit.query({ limit: 10 });
      expect(left.map((e) => e.actorId)).toEqual(['new']);
    });
  });
});
