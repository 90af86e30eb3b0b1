import type { Technician } from '../../../src/technicians';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

const HOUR = 3_600_000;

/** "Did the fix hold?" answered in the user's own words on their return, through the real app. */
describe('the follow-up question answered in words', () => {
  // Monday 1 March 2027, 09:00 UTC: the test never reads today's date.
  let now = Date.parse('2027-03-01T09:00:00.000Z');
  let running: RunningApp;
  let ada: Technician;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp(
      {
        SUPPORT_CONFIG_FILE: alwaysOpenSupportFile(),
        FOLLOW_UP_AFTER_HOURS: '24',
        FOLLOW_UP_CHECK_SECONDS: '3600',
        DIRECTLINE_TOKEN_TTL_SECONDS: String(30 * 24 * 3600),
      },
      recorded.logger,
      () => new Date(now),
    );
    ada = (
      await running.app.handoff!.technicians.create({
        name: 'Ada Tech',
        role: 'technician',
        skills: ['*'],
        languages: ['en'],
        availability: 'online',
      })
    ).technician;
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running.stop());

  it.each(['yes it holds', 'still works fine, thanks', 'yes, it held'])(
    '"%s" closes the ticket',
    async (answer) => {
      const handoff = running.app.handoff!;
      const user = await WebChatUser.start(running.url);
      await user.say('I need to speak to a technician');
      await user.say('my laptop screen flickers');
      await user.click({ firstlineChoice: 'yes' });
      const queued = await handoff.queue.ownerOf(user.conversationId);
      expect(queued).toBeDefined();
      expect(await handoff.desk.claim(queued!.id, ada)).toMatchObject({ ok: true });
      await handoff.desk.resolve(queued!.id, ada, { note: 'Replaced the cable', category: 'hardware' });
      await running.app.idle();
      await user.say('skip');
      now += 25 * HOUR;
      expect(await running.app.followUp!.runNow()).toMatchObject({ asked: 1 });
      await running.app.idle();
      expect((await user.newReplies()).map(shown).join('\n')).toContain('Did the fix hold?');

      const replies = await user.say(answer);
      for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
      const ticket = await handoff.tickets.get(queued!.ticketId);
      expect(replies.map(shown).join('\n')).toContain(`I've closed ticket **${ticket!.number}**`);
      expect(ticket).toMatchObject({ status: 'closed', followUp: { answer: 'held' } });
      user.end();
    },
  );
});
