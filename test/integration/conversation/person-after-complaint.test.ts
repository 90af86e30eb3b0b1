import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import { alwaysOpenApp } from './always-open-app';
import { TURN_ERRORS, WebChatUser, shown } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));

/**
 * An angry user stuck in a "which of these?" question complains and asks for a person in one
 * message. The request used to be lost in the complaint (too long, no contact verb): the bot said
 * it did not understand and asked its question again. Now the person request is heard.
 */
describe('a request for a person after a complaint, through the real Direct Line endpoint', () => {
  const running = alwaysOpenApp();

  it.each([
    ['en-US', 'nothing works', 'this bot is useless, get me a human'],
    ['de-DE', 'nichts geht', 'Das bringt alles nichts. Einen Menschen bitte!'],
    ['pl-PL', 'nic nie działa', 'To nic nie daje, dawaj człowieka'],
    ['ro-RO', 'nimic nu merge', 'Nu mă ajută deloc. Un om, vă rog'],
  ] as const)('[%s] after "%s", "%s" is heard as a request for a person', async (locale, vague, angry) => {
    const lang = locale.slice(0, 2) as 'en' | 'de' | 'pl' | 'ro';
    const user = await WebChatUser.start(running.url, locale);
    expect((await user.say(vague)).map(shown).join('\n')).toContain(catalogue.t(lang, 'clarify.question'));
    const replies = (await user.say(angry)).map(shown);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
    const said = replies.join('\n');
    // Not "I didn't get that" with the question again.
    expect(said).not.toContain(catalogue.t(lang, 'clarify.question'));
    // The hand-over asks what it is about or confirms the hand-over, as for "talk to a person".
    const asPerson = await WebChatUser.start(running.url, locale);
    await asPerson.say(vague);
    const direct = (await asPerson.say(catalogue.t(lang, 'choice.talkToPerson'))).map(shown).join('\n');
    asPerson.end();
    expect(said).toContain(direct.split('\n')[0]);
    user.end();
  });

  it('[en-US] a clause that only names a technician is still a problem', async () => {
    const user = await WebChatUser.start(running.url, 'en-US');
    const replies = (
      await user.say('The printer on floor 3, the one the technician installed, is jammed')
    ).map(shown);
    expect(replies.join('\n')).toMatch(/printer|Printer/);
    expect(await running.app.handoff!.queue.ownerOf(user.conversationId)).toBeUndefined();
    user.end();
  });
});
