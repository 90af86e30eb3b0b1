import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown, type ChatActivity } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
type Lang = 'en' | 'de' | 'pl' | 'ro';
const LOCALES: Record<Lang, string> = { en: 'en-US', de: 'de-DE', pl: 'pl-PL', ro: 'ro-RO' };

/** Buttons of a "which of these?" card (the last one is "none of these"). */
function buttons(reply: ChatActivity): string[] {
  return (reply.attachments ?? []).flatMap((a) =>
    ((a.content as { actions?: { title?: string }[] }).actions ?? []).map((b) => b.title ?? ''),
  );
}

/**
 * "Nothing works" names no problem: the bot asks what is affected ("which of these?", several
 * topics), as it does in English, and never starts an article's steps on a guess.
 */
describe('vague reports, through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running.stop());

  it.each([
    ['en', 'nothing works'],
    ['en', 'everything is broken'],
    ['de', 'nichts geht'],
    ['de', 'Nichts geht mehr!'],
    ['de', 'bei mir geht gar nichts'],
    ['de', 'alles kaputt'],
    ['pl', 'nic nie działa'],
    ['pl', 'nic nie chodzi'],
    ['pl', 'wszystko się zepsuło'],
    ['ro', 'nimic nu merge'],
    ['ro', 'nimic nu mai merge'],
    ['ro', 'totul e stricat'],
  ] as const)('[%s] "%s" is asked what is affected, not answered', async (lang: Lang, text) => {
    const user = await WebChatUser.start(running.url, LOCALES[lang]);
    const replies = await user.say(text);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
    expect(replies).toHaveLength(1);
    const [asked] = replies;
    expect(shown(asked!)).toContain(catalogue.t(lang, 'clarify.question'));
    // Topics to pick from, and "none of these".
    expect(buttons(asked!).length).toBeGreaterThanOrEqual(3);
    user.end();
  });

  it.each([
    // The matcher's guesses rested on "nie działa" alone: the docking station came first.
    ['pl', 'nic nie działa'],
    ['de', 'nichts geht'],
    ['ro', 'nimic nu merge'],
    ['en', 'it stopped working'],
    // "Problem" named a topic: Bluescreen first, or in Romanian a walk-through on blue screens.
    ['en', 'I have a problem'],
    ['de', 'ich habe ein Problem'],
    ['pl', 'mam problem'],
    ['ro', 'am o problemă'],
  ] as const)(
    '[%s] "%s" is offered the most asked topics (as on the welcome), not guesses from its generic words',
    async (lang: Lang, text) => {
      const user = await WebChatUser.start(running.url, LOCALES[lang]);
      const mostAsked = user.welcome.flatMap(buttons);
      expect(mostAsked.length).toBeGreaterThanOrEqual(3);
      const replies = await user.say(text);
      expect(replies).toHaveLength(1);
      expect(shown(replies[0]!)).toContain(catalogue.t(lang, 'clarify.question'));
      expect(buttons(replies[0]!)).toEqual([
        ...mostAsked.slice(0, 3),
        catalogue.t(lang, 'choice.noneOfThese'),
      ]);
      user.end();
    },
  );

  it.each([
    ['en', 'nothing works', 'this is useless'],
    ['de', 'nichts geht', 'das ist doch nutzlos'],
  ] as const)(
    '[%s] "%s", then "%s" at "which of these?" gets empathy and the choices again, not "I didn\'t get that"',
    async (lang: Lang, vague, angry) => {
      const user = await WebChatUser.start(running.url, LOCALES[lang]);
      await user.say(vague);
      const replies = (await user.say(angry)).map(shown);
      expect(replies.join('\n')).toContain(catalogue.t(lang, 'clarify.question'));
      expect(replies.join('\n')).not.toContain(catalogue.t(lang, 'choice.notUnderstood'));
      expect(replies.length).toBeGreaterThanOrEqual(2);
      user.end();
    },
  );

  it.each([
    ['de', 'Laptop geht nicht an, nichts passiert', /Schritt 1 von/],
    ['pl', 'drukarka zepsuta, nic nie drukuje', /Krok 1 z|drukark/i],
    ['ro', 'imprimanta e stricată', /Pasul 1 din|imprimant/i],
    ['en', 'my laptop screen is broken', /Step 1 of|screen/i],
  ] as const)('[%s] "%s" names what is affected and is answered', async (lang: Lang, text, answer) => {
    const user = await WebChatUser.start(running.url, LOCALES[lang]);
    const replies = (await user.say(text)).map(shown).join('\n');
    expect(replies).not.toContain(catalogue.t(lang, 'clarify.question'));
    expect(replies).toMatch(answer);
    user.end();
  });
});
