import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../../helpers/mongo-target';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from '../conversation/web-chat-user';

// Always open, so that the hand-over does not depend on the day the test runs.
const ALWAYS_OPEN = `timeZone: UTC
hours: { mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"], fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"] }
`;
const START = Date.parse('2031-05-05T09:00:00Z');
const MINUTE = 60_000;
const RANGE = 'from=2031-05-05&to=2031-05-06';

interface Harness {
  running: RunningApp;
  clock: { now: number };
  lead: string;
  technician: string;
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
  const technician = (await technicians.create({ name: 'Tom', role: 'technician', ...person })).token;
  return { running, clock, lead, technician };
}

/** `token` null: no credentials at all. */
async function getInsights(h: Harness, query: string, token: string | null = h.lead) {
  const res = await fetch(`${h.running.url}/api/console/insights?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** One conversation: each line is said (text) and must get an answer that is not the turn error. */
async function converse(h: Harness, lines: string[]): Promise<string[]> {
  const user = await WebChatUser.start(h.running.url, 'en-US');
  const said: string[] = [];
  try {
    for (const line of lines) {
      h.clock.now += 10_000;
      const replies = await user.say(line);
      expect(replies.length).toBeGreaterThan(0);
      for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
      said.push(replies.map(shown).join('\n'));
    }
  } finally {
    user.end();
  }
  return said;
}

/** The five scripted problems of the acceptance, with what the bot must have said on the way. */
async function scriptedConversations(h: Harness): Promise<void> {
  // Resolved by an article, and the user confirmed it.
  const resolved = await converse(h, ['how do I set up my out of office reply', 'yes']);
  expect(resolved[1]).toContain('glad that fixed it');
  // Handed over to a technician (a ticket is opened with the hand-over).
  const handedOver = await converse(h, ['talk to a person', 'my laptop does not start', 'yes']);
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
        abandonmentRate: 0.2,
        unanswered: 1,
        volumes: {
          byDay: [{ day: '2031-05-05', cases: 5 }],
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
      });
    });

    it('filters by topic, language and channel, and by the date range', async () => {
      const topic = await getInsights(h, `${RANGE}&topic=email.out-of-office`);
      expect(topic.body).toMatchObject({ cases: 1, botResolutionRate: { confirmed: 1, assumed: 0 } });
      expect((await getInsights(h, `${RANGE}&language=de`)).body).toMatchObject({
        cases: 0,
        handoverRate: 0,
      });
      expect((await getInsights(h, `${RANGE}&channel=msteams`)).body).toMatchObject({ cases: 0 });
      expect((await getInsights(h, `${RANGE}&channel=directline`)).body).toMatchObject({ cases: 5 });
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
      ]) {
        const res = await getInsights(h, bad);
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      }
    });

    it('wrote each case only when its outcome changed: one record per problem', async () => {
      const records = await h.running.app.storage
        .collection<{ id: string; version: number; outcome: string; firstMessage?: string }>('cases')
        .find({});
      // Opened (version 1); only the resolved one changed outcome afterwards (version 2).
      expect(records.map((r) => [r.firstMessage, r.outcome, r.version]).sort()).toEqual(
        [
          ['I have no internet', 'open', 1],
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
