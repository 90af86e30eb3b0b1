import { FEEDBACK_COLLECTION } from '../../../src/feedback';
import { CASES_COLLECTION } from '../../../src/insights';
import { CONSOLE_STREAM } from '../../../src/handoff/console-events';
import { silentLogger } from '../../../src/logging';
import { RetentionJob, retentionTasks } from '../../../src/personal-data';
import type { Config } from '../../../src/config';
import type { StoredDocument } from '../../../src/storage/ports';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApp } from '../../helpers/in-process-app';
import { webChatUser } from './web-chat-user';
import { describeEachBackend, type BackendUnderTest } from '../../helpers/each-backend';
import { seedChat, type SeededChat } from './seed';

const DAY_MS = 24 * 60 * 60 * 1000;
const PERIOD_DAYS = 90;
const periods: Config['retention'] = {
  eventsDays: PERIOD_DAYS,
  transcriptsDays: PERIOD_DAYS,
  directLineDays: PERIOD_DAYS,
  botStateDays: PERIOD_DAYS,
  botChatsHours: PERIOD_DAYS * 24,
  ticketsDays: PERIOD_DAYS,
  auditDays: PERIOD_DAYS,
  attachmentsDays: PERIOD_DAYS,
  feedbackDays: PERIOD_DAYS,
  feedbackOutboxDays: PERIOD_DAYS,
  digestsDays: PERIOD_DAYS,
  casesDays: PERIOD_DAYS,
  incidentsDays: PERIOD_DAYS,
  articleDraftsDays: PERIOD_DAYS,
};

function job({ storage, clock }: BackendUnderTest, settings = periods): RetentionJob {
  return new RetentionJob({
    storage,
    tasks: retentionTasks(storage, settings),
    logger: silentLogger(),
    clock: () => new Date(clock.now),
  });
}

/** Which of the chat's records are still there, store by store. */
async function kept({ storage }: BackendUnderTest, chat: SeededChat) {
  const state = await storage.botState.read([
    `directline/users/${chat.userId}/`,
    `directline/conversations/${chat.conversationId}/`,
  ]);
  return {
    transcript: (await storage.transcripts.list(chat.conversationId)).length > 0,
    directLine: (await storage.directLine.getConversation(chat.conversationId)) !== undefined,
    activities: (await storage.directLine.listActivities(chat.conversationId, 0)).length > 0,
    tokenGeneration:
      (await storage.collection('directline-token-generations').get(chat.conversationId)) !== undefined,
    botState: Object.keys(state).length,
    attachments: (await storage.attachments.listByConversation(chat.conversationId)).length,
    feedback: (
      await storage
        .collection<StoredDocument & { conversationId: string }>(FEEDBACK_COLLECTION)
        .find({ where: { conversationId: chat.conversationId } })
    ).length,
    cases: (
      await storage
        .collection<StoredDocument & { conversationId: string }>(CASES_COLLECTION)
        .find({ where: { conversationId: chat.conversationId } })
    ).length,
    botChat: (await storage.collection('bot-chats').get(chat.conversationId)) !== undefined,
    owner: (await storage.collection('conversation-owners').get(chat.conversationId)) !== undefined,
    ticket: (await storage.collection('tickets').get(chat.ticketId)) !== undefined,
    handoff: (await storage.collection('handoffs').get(chat.handoffId)) !== undefined,
  };
}

const ALL_KEPT = {
  transcript: true,
  directLine: true,
  activities: true,
  tokenGeneration: true,
  botState: 2,
  attachments: 1,
  feedback: 1,
  cases: 1,
  botChat: true,
  owner: true,
  ticket: true,
  handoff: true,
};
const ALL_GONE = {
  transcript: false,
  directLine: false,
  activities: false,
  tokenGeneration: false,
  botState: 0,
  attachments: 0,
  feedback: 0,
  cases: 0,
  botChat: false,
  owner: false,
  ticket: false,
  handoff: false,
};

describeEachBackend('retention per kind of data', (withBackend) => {
  it('deletes data older than its period in every store and keeps newer data', async () => {
    await withBackend(async (backend) => {
      const { storage, clock } = backend;
      const start = clock.now;
      const old = await seedChat(storage, clock, 'Olga');
      clock.now = start + 60 * DAY_MS;
      const recent = await seedChat(storage, clock, 'Nina');

      // Day 80: the old chat is 80 days old, within the 90-day period: nothing goes.
      clock.now = start + 80 * DAY_MS;
      await job(backend).runNow();
      expect(await kept(backend, old)).toEqual(ALL_KEPT);

      // Day 100: the old chat is past its period, the recent one (40 days) is not.
      clock.now = start + 100 * DAY_MS;
      const deleted = await job(backend).runNow();
      expect(deleted).toMatchObject({ transcripts: 4, directLine: 1, botState: 4, tickets: 1, handoffs: 1 });
      expect(await kept(backend, old)).toEqual(ALL_GONE);
      expect(await kept(backend, recent)).toEqual(ALL_KEPT);
      // Events carry the time they were appended (both chats now): all but the stream's newest go.
      const events = await storage.events.list(CONSOLE_STREAM, 0);
      expect(events).toHaveLength(1);
    });
  });

  it('keeps open tickets whatever their age, and resolved ones for ever with TICKET_RETENTION_DAYS=0', async () => {
    await withBackend(async (backend) => {
      const { storage, clock } = backend;
      const start = clock.now;
      const chat = await seedChat(storage, clock, 'Olga');
      await storage.collection('tickets').update(chat.ticketId, {}, { status: 'open' });
      clock.now = start + 1000 * DAY_MS;
      await job(backend).runNow();
      expect(await storage.collection('tickets').get(chat.ticketId)).toBeDefined();
      await storage.collection('tickets').update(chat.ticketId, {}, { status: 'closed' });
      await job(backend, { ...periods, ticketsDays: 0 }).runNow();
      expect(await storage.collection('tickets').get(chat.ticketId)).toBeDefined();
      expect(await storage.collection('handoffs').get(chat.handoffId)).toBeDefined();
    });
  });

  it('runs on one instance at a time (the lease), and another takes over when it expires', async () => {
    await withBackend(async (backend) => {
      const { clock } = backend;
      const first = job(backend);
      const second = job(backend);
      expect(Object.keys(await first.runNow())).toContain('transcripts');
      expect(await second.runNow()).toEqual({});
      clock.now += 2 * 60 * 60 * 1000;
      expect(Object.keys(await second.runNow())).toContain('transcripts');
    });
  });

  it('deletes console sessions past their end', async () => {
    await withBackend(async (backend) => {
      const { storage, clock } = backend;
      const sessions = storage.collection<StoredDocument & Record<string, unknown>>('console_sessions');
      const at = (ms: number) => new Date(ms).toISOString();
      await sessions.insert({ id: 'ended', technicianId: 't1', expiresAt: at(clock.now - 1000) });
      await sessions.insert({ id: 'open', technicianId: 't1', expiresAt: at(clock.now + 60_000) });
      expect(await job(backend).runNow()).toMatchObject({ consoleSessions: 1 });
      expect(await sessions.get('ended')).toBeUndefined();
      expect(await sessions.get('open')).toBeDefined();
    });
  });

  it('deletes expired rate counts on both backends', async () => {
    await withBackend(async ({ storage, clock }) => {
      clock.now = Date.now();
      const limiter = storage.rateLimiter('test', { points: 5, durationSeconds: 1 });
      for (const key of ['a', 'b', 'c']) await limiter.consume(key);
      expect(await storage.purgeExpired()).toBe(0);
      clock.now += 5_000;
      expect(await storage.purgeExpired()).toBeGreaterThanOrEqual(3);
    });
  });
});

describe('retention in the running app', () => {
  it("runs with the server on the app's clock: a web chat is kept within its periods and gone after them", async () => {
    const clock = { now: Date.now() };
    const running = await startApp({}, undefined, () => new Date(clock.now));
    try {
      const { app } = running;
      // One pass runs at start-up, under the lease.
      const leases = app.storage.collection<StoredDocument>('leases');
      for (let deadline = Date.now() + 10_000; !(await leases.get('data-retention'));) {
        if (Date.now() > deadline) throw new Error('the retention job never took its lease');
        await sleep(50);
      }
      const user = await webChatUser(running.url, 'my laptop fan is very loud since this morning');
      const stored = async () => ({
        transcript: (await app.storage.transcripts.list(user.conversationId)).length > 0,
        directLine: (await app.storage.directLine.getConversation(user.conversationId)) !== undefined,
        botState:
          (await app.storage.botState.keysMatching((key) => key.includes(user.conversationId))).length > 0,
      });
      expect(await stored()).toEqual({ transcript: true, directLine: true, botState: true });

      // Defaults: Direct Line 30 days, transcripts and bot state 90.
      clock.now += 29 * DAY_MS + 2 * 60 * 60 * 1000;
      await app.retention.runNow();
      expect(await stored()).toEqual({ transcript: true, directLine: true, botState: true });
      clock.now += 2 * DAY_MS;
      await app.retention.runNow();
      expect(await stored()).toEqual({ transcript: true, directLine: false, botState: true });
      clock.now += 60 * DAY_MS;
      await app.retention.runNow();
      expect(await stored()).toEqual({ transcript: false, directLine: false, botState: false });
    } finally {
      await running.stop();
    }
  });
});
