import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import { alwaysOpenApp } from './always-open-app';
import { TURN_ERRORS, WebChatUser, shown } from './web-chat-user';

const flowStrings = Catalogue.load(path.join(__dirname, '../../../content/flows/strings'));
const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));

/**
 * "Stop" in the middle of a diagnostic flow's questions: it was "Sorry, I didn't get that" and the
 * question again, though the article walk-through stops on the same word. Now the flow ends.
 */
describe('stop inside a diagnostic flow, through the real Direct Line endpoint', () => {
  const running = alwaysOpenApp();

  it.each([
    ['en-US', "my vpn doesn't connect", 'stop'],
    ['de-DE', 'Mein VPN verbindet sich nicht', 'stopp bitte'],
    ['pl-PL', 'VPN nie chce się połączyć', 'wystarczy'],
    ['ro-RO', 'nu pot să mă conectez la VPN', 'destul, oprește'],
  ] as const)('[%s] "%s", then "%s" ends the flow', async (locale, problem, stop) => {
    const lang = locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';
    const user = await WebChatUser.start(running.url, locale);
    const asked = (await user.say(problem)).map(shown).join('\n');
    expect(asked).toMatch(/\[.+\]/);
    const replies = (await user.say(stop)).map(shown);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
    expect(replies).toEqual([flowStrings.t(lang, 'stopped')]);
    // Nothing is open any more: the next message is a new problem, not an answer.
    const next = (await user.say(problem)).map(shown).join('\n');
    expect(next).not.toContain(flowStrings.t(lang, 'retry'));
    expect(next).not.toContain(catalogue.t(lang, 'error.turn'));
    user.end();
  });
});
