import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Technician } from '../../../src/technicians';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../../helpers/mongo-target';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from '../conversation/web-chat-user';

// Always open, so that the hand-over does not depend on the day the test runs; working time is
// then calendar time. A normal ticket must be answered within 10 minutes and resolved within 20.
const ALWAYS_OPEN = `timeZone: UTC
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
sla:
  targets:
    normal: { firstResponse: 10m, resolution: 20m }
`;
const START = Date.parse('2031-05-05T09:00:00Z');
const MINUTE = 60_000;
const RANGE = 'from=2031-05-05&to=2031-05-06';

interface Harness {
  running: RunningApp;
  clock: { now: number };
  lead: string;
  technician: string;
  tom: Technician;
}

async function harness(env: Record<string, string>): Promise<Harness> {
  const support = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-support-')), 'support.yaml');
  fs.writeFileSync(support, ALWAYS_OPEN);
  const clock = { now: START };
  const recorded = errorRecorder();
  const running = await startApp(
    { SUPPORT_CONFIG_FILE: support, INSIGHTS_ABANDONED_MINUTES: '60', ...env },
    recorded.logger,
    () => new Date(clock.now),
  );
  const technicians = running.app.handoff!.technicians;
  const person = { skills: [], languages: ['en' as const], availability: 'offline' as const };
  const lead = (await technicians.create({ name: 'Lea', role: 'lead', ...person })).token;
  const tom = await technicians.create({ name: 'Tom', role: 'technician', ...person });
  return { running, clock, lead, technician: tom.token, tom: tom.technician };
}

/** `token` null: no credentials at all. */
async function getInsights(h: Harness, query: string, token: string | null = h.lead) {
  const res = await fetch(`${h.running.url}/api/console/insights?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * One conversation: each line is said (text) and must get an answer that is not the turn error;
 * `then` goes on with the user still there.
 */
async function converse(
  h: Harness,
  lines: string[],
  then?: (user: WebChatUser) => Promise<void>,
): Promise<string[]> {
  const user = await WebChatUser.start(h.running.url, 'en-US');
  const said: string[] = [];
  try {
    for (const line of lines) {
      h.clock.now += 10_000;
      said.push(await sayOk(user, line));
    }
    await then?.(user);
  } finally {
    user.end();
  }
  return said;
}

async function sayOk(user: WebChatUser, line: string): Promise<string> {
  const replies = await user.say(line);
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
  return replies.map(shown).join('\n');
}

/**
 * Tom picks the hand-over up 5 minutes after it was queued (first response within 10: met) and
 * resolves it 25 minutes after it was opened (resolution within 20: breached); the user rates it 4.
 */
async function technicianResolves(h: Harness, user: WebChatUser): Promise<void> {
  const desk = h.running.app.handoff!;
  const handoff = await desk.queue.ownerOf(user.conversationId);
  if (!handoff) throw new Error('no hand-over');
  h.clock.now += 5 * MINUTE;
  expect((await desk.desk.claim(handoff.id, h.tom)).ok).toBe(true);
  await desk.desk.sendToUser(handoff.id, h.tom, 'I will reinstall the boot loader.');
  h.clock.now += 20 * MINUTE;
  await desk.desk.resolve(handoff.id, h.tom, { note: 'Reinstalled the boot loader', category: 'hardware' });
  await h.running.app.idle();
  expect((await user.newReplies()).map(shown).join('\n')).toMatch(/as resolved/);
  expect(await sayOk(user, '4')).toMatch(/Thank you for rating/);
}

/** The five scripted problems of the acceptance, with what the bot must have said on the way. */
async function scriptedConversations(h: Harness): Promise<void> {
  // Resolved by an article, and the user confirmed it.
  const resolved = await converse(h, ['how do I set up my out of office reply', 'yes']);
  expect(resolved[1]).toContain('glad that fixed it');
  // Handed over to a technician (a ticket is opened with the hand-over).
  const handedOver = await converse(h, ['talk to a person', 'my laptop does not start', 'yes'], (user) =>
    technicianResolves(h, user),
  );
  expect(handedOver[2]).toContain('asked a technician to join this chat');
  // Unanswered: the bot has nothing for it.
  const unanswered = await converse(h, ['zxqv blorf wibble quonk']);
  expect(unanswered[0]).toContain("I don't have an answer for that yet");
  // A guided flow left after its first question was answered.
  const abandoned = await converse(h, ['I have no internet', 'Wi-Fi']);
  expect(abandoned[0]).toContain('How is the computer connected?');
  // Out of scope: a question for HR, which the bot points there.
  const outOfScope = await converse(h, ['when will I get my payslip']);
  expect(outOfScope[0]).toContain('HR');
}

const OUTCOMES_WHILE_OPEN = {
  'resolved-confirmed': 1,
  'resolved-assumed': 0,
  'handed-over': 1,
  ticket: 0,
  unanswered: 1,
  'out-of-scope': 1,
  abandoned: 0,
  open: 1,
};

function describeInsights(name: string, env: () => Record<string, string>, before?: () => Promise<void>) {
  describe(name, () => {
    let h: Harness;
    beforeAll(async () => {
      await before?.();
      h = await harness(env());
      await scriptedConversations(h);
      await h.running.app.idle();
    }, 120_000);
    afterAll(() => h?.running.stop());

    it('counts the scripted conversations exactly, and the flow left open as abandoned once its time is up', async () => {
      const open = await getInsights(h, RANGE);
      expect(open.status).toBe(200);
      expect(open.body).toMatchObject({
        cases: 5,
        outcomes: OUTCOMES_WHILE_OPEN,
        botResolutionRate: { confirmed: 0.2, assumed: 0 },
        handoverRate: 0.2,
        abandonmentRate: 0,
        unanswered: 1,
      });

      // An hour (INSIGHTS_ABANDONED_MINUTES) after the flow's last record, it counts as abandoned.
      h.clock.now += 61 * MINUTE;
      const later = await getInsights(h, RANGE);
      expect(later.body).toEqual({
        from: '2031-05-05T00:00:00.000Z',
        to: '2031-05-06T00:00:00.000Z',
        cases: 5,
        outcomes: { ...OUTCOMES_WHILE_OPEN, abandoned: 1, open: 0 },
        botResolutionRate: { confirmed: 0.2, assumed: 0 },
        handoverRate: 0.2,
        handoverByReason: [
          { reason: 'handed-over', cases: 1, rate: 0.2 },
          { reason: 'ticket', cases: 0, rate: 0 },
        ],
        abandonmentRate: 0.2,
        unanswered: 1,
        volumes: {
          byDay: [{ day: '2031-05-05', cases: 5, resolved: 1, escalated: 1 }],
          byTopic: [
            { topic: 'none', cases: 2 },
            { topic: 'email.out-of-office', cases: 1 },
            { topic: 'network.no-internet', cases: 1 },
            { topic: 'out-of-scope.hr', cases: 1 },
          ],
          byLanguage: [{ language: 'en', cases: 5 }],
          byChannel: [{ channel: 'directline', cases: 5 }],
        },
        articles: [{ articleId: 'out-of-office', views: 1, helped: 1, escalatedAfter: 0 }],
        // The user answered the flow's first question and left there.
        flows: [
          {
            flowId: 'no-internet',
            started: 1,
            resolved: 0,
            escalated: 0,
            abandoned: 1,
            steps: [{ nodeId: 'ask-connection', reached: 1, worked: 0, failed: 0, droppedHere: 1 }],
          },
        ],
        // The hand-over's ticket: picked up after 5 minutes, resolved after 25, rated 4.
        technicians: {
          tickets: 1,
          hours: 'working',
          firstResponse: { measured: 1, medianHours: 0.08, p90Hours: 0.08 },
          resolution: { measured: 1, medianHours: 0.42, p90Hours: 0.42 },
          csat: {
            ratings: 1,
            average: 4,
            satisfiedRate: 1,
            distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: score === 4 ? 1 : 0 })),
          },
          sla: {
            firstResponse: { met: 1, breached: 0, rate: 1 },
            resolution: { met: 0, breached: 1, rate: 0 },
          },
          reopen: { resolved: 1, reopened: 0, rate: 0 },
        },
        // The article case's ticket resolved by the bot was not rated (no follow-up yet).
        botCsat: {
          ratings: 0,
          average: null,
          satisfiedRate: null,
          distribution: [1, 2, 3, 4, 5].map((score) => ({ score, count: 0 })),
        },
      });
    });

    it('filters by topic, language and channel, and by the date range', async () => {
      const topic = await getInsights(h, `${RANGE}&topic=email.out-of-office`);
      expect(topic.body).toMatchObject({ cases: 1, botResolutionRate: { confirmed: 1, assumed: 0 } });
      expect(topic.body).toMatchObject({ flows: [], technicians: { tickets: 0, csat: { ratings: 0 } } });
      expect((await getInsights(h, `${RANGE}&language=de`)).body).toMatchObject({
        cases: 0,
        handoverRate: 0,
        technicians: { tickets: 0, firstResponse: { measured: 0, medianHours: null } },
      });
      expect((await getInsights(h, `${RANGE}&channel=msteams`)).body).toMatchObject({
        cases: 0,
        technicians: { tickets: 0 },
      });
      expect((await getInsights(h, `${RANGE}&channel=directline`)).body).toMatchObject({
        cases: 5,
        technicians: { tickets: 1, csat: { ratings: 1 } },
      });
      expect((await getInsights(h, 'from=2031-05-06&to=2031-05-08')).body).toMatchObject({ cases: 0 });
      // The article case opened at 09:00:10; the others from 09:00:40 on.
      expect((await getInsights(h, 'from=2031-05-05T09:00:25Z&to=2031-05-06')).body).toMatchObject({
        cases: 4,
      });
    });

    it('is in the OpenAPI document, for leads and admins only (401, 403), and refuses bad input with a 400', async () => {
      const openApi = (await (await fetch(`${h.running.url}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { operationId: string; 'x-firstline-min-role': string }>>;
      };
      expect(openApi.paths['/api/console/insights']?.get).toMatchObject({
        operationId: 'getInsights',
        'x-firstline-min-role': 'lead',
      });
      expect((await getInsights(h, RANGE, null)).status).toBe(401);
      expect((await getInsights(h, RANGE, h.technician)).status).toBe(403);
      for (const bad of [
        '',
        'from=2031-05-05',
        'from=yesterday&to=2031-05-06',
        'from=2031-05-06&to=2031-05-05',
        'from=2020-01-01&to=2031-05-06',
        `${RANGE}&language=xx`,
        `${RANGE}&channel=%3Cscript%3E`,
        `${RANGE}&topic=two%20words`,
        `${RANGE}&topic=${'a'.repeat(101)}`,
      ]) {
        const res = await getInsights(h, bad);
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      }
    });

    it('wrote each case only when its outcome changed or the user got a step further: one record per problem', async () => {
      const records = await h.running.app.storage
        .collection<{ id: string; version: number; outcome: string; firstMessage?: string }>('cases')
        .find({});
      // Opened (version 1); the resolved one changed outcome afterwards and the flow went a step
      // further (version 2).
      expect(records.map((r) => [r.firstMessage, r.outcome, r.version]).sort()).toEqual(
        [
          ['I have no internet', 'open', 2],
          ['how do I set up my out of office reply', 'resolved-confirmed', 2],
          ['my laptop does not start', 'handed-over', 1],
          ['zxqv blorf wibble quonk', 'unanswered', 1],
          ['when will I get my payslip', 'out-of-scope', 1],
        ].sort(),
      );
    });
  });
}

describeInsights('getInsights over scripted conversations (sqlite)', () => ({ MONGODB_URI: '' }));

const target = resolveMongoTarget();
if (mongoTestsEnabled(target, 'getInsights over scripted conversations (mongodb)')) {
  let server: RunningMongo;
  describeInsights(
    'getInsights over scripted conversations (mongodb)',
    () => ({ MONGODB_URI: server.uri, MONGODB_DB: `firstline_insights_${Date.now()}` }),
    async () => {
      server = await startMongoTarget(target);
    },
  );
  afterAll(() => server?.stop());
}
