import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import type { Technician } from '../../../src/technicians';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
/** What the user writes to be handed over: the request for a person, then the problem. */
const HANDOVER = {
  'en-US': ['I need to speak to a technician', 'my laptop screen flickers'],
  'de-DE': ['Ich möchte mit einem Mitarbeiter sprechen', 'Mein Bildschirm flackert'],
} as const;

/** Users who answer "How happy are you?" in their own words rather than with a button. */
describe('a rating written as text, through the real Direct Line endpoint', () => {
  let running: RunningApp;
  let ada: Technician;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
    ada = (
      await running.app.handoff!.technicians.create({
        name: 'Ada Tech',
        role: 'technician',
        skills: ['*'],
        languages: ['en', 'de'],
        availability: 'online',
      })
    ).technician;
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running.stop());

  /** A user handed over to Ada, who resolves the ticket: the rating question is the last thing said. */
  async function askedToRate(locale: keyof typeof HANDOVER) {
    const handoff = running.app.handoff!;
    const [ask, problem] = HANDOVER[locale];
    const user = await WebChatUser.start(running.url, locale);
    await user.say(ask);
    await user.say(problem);
    await user.click({ firstlineChoice: 'yes' });
    const queued = await handoff.queue.ownerOf(user.conversationId);
    expect(queued).toBeDefined();
    expect(await handoff.desk.claim(queued!.id, ada)).toMatchObject({ ok: true });
    await handoff.desk.resolve(queued!.id, ada, { note: 'Replaced the cable', category: 'hardware' });
    await running.app.idle();
    const lang = locale.slice(0, 2) as 'en' | 'de';
    expect((await user.newReplies()).map(shown).join('\n')).toContain(catalogue.t(lang, 'rating.question'));
    return { user, ticketId: queued!.ticketId, lang };
  }

  it.each([
    ['en-US', '4/5', 4],
    ['en-US', '4 out of 5', 4],
    ['en-US', '⭐⭐⭐⭐⭐', 5],
    ['en-US', '★★☆☆☆', 2],
    ['de-DE', '3 von 5', 3],
  ] as const)('[%s] "%s" is a score of %i', async (locale, answer, score) => {
    const { user, ticketId, lang } = await askedToRate(locale);
    const replies = await user.say(answer);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
    expect(replies.map(shown)).toEqual([catalogue.t(lang, 'rating.thanks')]);
    expect((await running.app.handoff!.tickets.get(ticketId))?.rating).toMatchObject({ score });
    user.end();
  });
});
