import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

/**
 * "Did that help?" answered with a no and a reason ("nein, das ist es nicht"): it was "Sorry, I
 * didn't understand" and the question again in German and Romanian; now it is a no, and the next
 * step follows, as a bare "no" does.
 */
describe('a no with a reason during an article walk-through, through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running.stop());

  it.each([
    ['en-US', 'OneDrive is not syncing my files since this morning', "no, that's not it", /Step 2 of/],
    [
      'de-DE',
      'OneDrive synchronisiert seit heute Morgen nicht mehr',
      'nein, das ist es nicht',
      /Schritt 2 von/,
    ],
    ['pl-PL', 'OneDrive nie synchronizuje plików od rana', 'nie, to nie o to chodzi', /Krok 2 z/],
    [
      'ro-RO',
      'OneDrive nu mai sincronizează fișierele de azi dimineață',
      'nu, nu asta e problema',
      /Pasul 2 din/,
    ],
  ] as const)('[%s] "%s", then "%s" moves to the next step', async (locale, problem, no, next) => {
    const user = await WebChatUser.start(running.url, locale);
    expect((await user.say(problem)).map(shown).join('\n')).toMatch(/1/);
    const replies = (await user.say(no)).map(shown);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
    expect(replies.join('\n')).toMatch(next);
    user.end();
  });
});
