import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import { alwaysOpenApp } from './always-open-app';
import { TURN_ERRORS, WebChatUser, shown } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
const flowStrings = Catalogue.load(path.join(__dirname, '../../../content/flows/strings'));

/**
 * A user in the VPN flow changes their mind and takes the VPN back in the same breath ("actually,
 * it's Teams that doesn't work, not the vpn"). The matcher read "not the vpn" as a VPN fault, so
 * the change of mind went unheard and the VPN question was asked again. Now the chat leaves the
 * VPN flow for Teams.
 */
describe('a change of mind that takes the old topic back, through the real Direct Line endpoint', () => {
  const running = alwaysOpenApp();

  it.each([
    ['en-US', "my vpn doesn't connect", "actually wait, it's Teams that doesn't work, not the vpn"],
    ['de-DE', 'Mein VPN verbindet sich nicht', 'eigentlich ist es Teams, das nicht geht, nicht das VPN'],
    ['pl-PL', 'VPN nie chce się połączyć', 'właściwie to Teams nie działa, nie VPN'],
    ['ro-RO', 'nu pot să mă conectez la VPN', 'de fapt Teams nu merge, nu VPN-ul'],
  ] as const)('[%s] "%s", then "%s" leaves the VPN for Teams', async (locale, problem, correction) => {
    const lang = locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';
    const user = await WebChatUser.start(running.url, locale);
    await user.say(problem);
    const replies = (await user.say(correction)).map(shown);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
    // "All right, let's leave "VPN …" and look at that instead.", then the help for Teams.
    const leaving = flowStrings.t(lang, 'switchTopic', { title: '\u0000' }).split('\u0000')[0]!;
    expect(replies[0]?.startsWith(leaving)).toBe(true);
    const after = replies.slice(1).join('\n');
    expect(after).toMatch(/Teams/);
    expect(after).not.toContain(catalogue.t(lang, 'noAnswer'));
    user.end();
  });
});
