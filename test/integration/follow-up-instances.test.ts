import { randomBytes } from 'node:crypto';
import { silentLogger } from '../../src/logging';
import type { FollowUpPass } from '../../src/followup';
import type { Technician } from '../../src/technicians';
import { FakeTeamsConnector } from '../helpers/fake-teams-connector';
import { teamsPoster } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';
import { alwaysOpenSupportFile } from '../helpers/support-hours';
import { shown, WebChatUser } from './conversation/web-chat-user';

const target = resolveMongoTarget();
const SUITE = 'follow-up-instances';
const HOUR = 3_600_000;
/** The lease lasts two check intervals of the app's clock; the real timers never fire in the test's time. */
const CHECK_SECONDS = 600;
const QUESTION = /Did the fix hold\?/;

jest.setTimeout(180_000);

/**
 * Issue 15's acceptance: with two instances on one FerretDB under one controllable clock, each
 * follow-up question is sent exactly once (Teams and web chat), whichever instance holds the
 * lease, also when the lease passes to the other one.
 */
if (mongoTestsEnabled(target, SUITE)) {
  describe(`follow-up across two instances (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let now = Date.parse('2027-03-01T09:00:00.000Z');
    const clock = () => new Date(now);
    const connector = new FakeTeamsConnector();
    let serviceUrl = '';
    let mongo: RunningMongo;
    let a: RunningApp;
    let b: RunningApp;
    let ada: Technician;

    const bothIdle = async () => {
      await a.app.idle();
      await b.app.idle();
      await a.app.idle();
    };
    /** Both instances' passes at once, several times over, as their timers would. */
    const passesOnBoth = async (): Promise<FollowUpPass[]> => {
      const passes: FollowUpPass[] = [];
      for (let round = 0; round < 3; round++)
        passes.push(...(await Promise.all([a.app.followUp!.runNow(), b.app.followUp!.runNow()])));
      await bothIdle();
      return passes;
    };

    beforeAll(async () => {
      mongo = await startMongoTarget(target);
      serviceUrl = await connector.start();
      const env = {
        MONGODB_URI: mongo.uri,
        MONGODB_DB: `firstline_followup_${randomBytes(4).toString('hex')}`,
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        FOLLOW_UP_CHECK_SECONDS: String(CHECK_SECONDS),
        FOLLOW_UP_AFTER_HOURS: '1.5',
        DIRECTLINE_TOKEN_TTL_SECONDS: String(7 * 24 * 3600),
      };
      a = await startApp(env, silentLogger(), clock);
      b = await startApp(env, silentLogger(), clock);
      ada = (
        await a.app.handoff!.technicians.create({
          name: 'Ada Tech',
          role: 'technician',
          skills: ['*'],
          languages: ['en'],
          availability: 'online',
        })
      ).technician;
    }, 170_000);

    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await connector.stop();
      await mongo?.stop();
    });

    it('sends each question once, whichever instance holds the lease', async () => {
      // A Teams user on instance A and a web chat user on instance B, each handed over and resolved.
      const conversation = { id: 'a:follow-up-two-instances', conversationType: 'personal', tenantId: 't-1' };
      const post = teamsPoster(a.url, serviceUrl, conversation);
      const web = await WebChatUser.start(b.url);
      for (let i = 0; i < 2; i++) {
        expect(await post('I need to speak to a technician')).toBe(200);
        await web.say('I need to speak to a technician');
      }
      const resolved = [];
      for (const conversationId of [conversation.id, web.conversationId]) {
        const queued = await a.app.handoff!.queue.ownerOf(conversationId);
        expect(queued).toBeDefined();
        expect(await b.app.handoff!.desk.claim(queued!.id, ada)).toMatchObject({ ok: true });
        resolved.push(
          (await a.app.handoff!.desk.resolve(queued!.id, ada, { note: 'Fixed', category: 'network' })).ticket,
        );
      }
      await web.newReplies();
      const teamsBefore = connector.messages(conversation.id).length;

      // Not yet: 1.5 hours are 90 minutes.
      now += 89 * 60_000;
      expect((await passesOnBoth()).reduce((sum, p) => sum + p.asked, 0)).toBe(0);

      now += 2 * 60_000;
      const first = await passesOnBoth();
      // One instance holds the lease: of each pair of concurrent passes, one ran.
      expect(first.filter((p) => p.ran)).toHaveLength(3);
      expect(first.reduce((sum, p) => sum + p.asked, 0)).toBe(2);
      const holderIsA = first[0]?.ran === true;
      // Past the lease's time (two check intervals) the other instance takes over; nothing is asked again.
      now += 3 * CHECK_SECONDS * 1000;
      const takeover = await (holderIsA ? b : a).app.followUp!.runNow();
      expect(takeover).toMatchObject({ ran: true, asked: 0 });
      expect((await passesOnBoth()).reduce((sum, p) => sum + p.asked, 0)).toBe(0);

      await connector.inner.waitForMessages(teamsBefore + 1, conversation.id);
      await bothIdle();
      const teamsQuestions = connector
        .messages(conversation.id)
        .slice(teamsBefore)
        .filter((r) => QUESTION.test(JSON.stringify(r.activity)));
      expect(teamsQuestions).toHaveLength(1);
      const webQuestions = (await web.newReplies()).map(shown).filter((text) => QUESTION.test(text));
      expect(webQuestions).toHaveLength(1);
      for (const ticket of resolved) {
        const stored = await b.app.handoff!.tickets.get(ticket.id);
        expect(stored?.history?.filter((h) => h.change === 'follow-up')).toHaveLength(1);
      }

      // The answer reaches whichever instance serves the user's next message: one reopening.
      now += HOUR;
      const answered = (await web.say('no')).map(shown).join('\n');
      expect(answered).toContain(`I've reopened ticket **${resolved[1]!.number}**`);
      expect(await a.app.handoff!.tickets.get(resolved[1]!.id)).toMatchObject({
        status: 'open',
        priority: 'high',
      });
      web.end();
    });
  });
}
