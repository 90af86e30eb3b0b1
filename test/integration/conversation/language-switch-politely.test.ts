import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));

/**
 * "english please" in the middle of a question: the user asks for another language in a polite
 * sentence rather than the bare name. It switched nothing and was taken as the answer (a printer
 * called "english please"); now the chat switches and asks the open question again.
 */
describe('a language asked for in a sentence, through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(() => running.stop());

  it.each([
    ['pl-PL', 'drukarka nie drukuje', 'english please', 'en'],
    ['en-US', 'the printer does not print', 'auf Deutsch bitte', 'de'],
    ['de-DE', 'Der Drucker druckt nicht', 'po polsku proszę', 'pl'],
    ['ro-RO', 'imprimanta nu printează', 'can we speak english?', 'en'],
    ['en-US', 'the printer does not print', 'în română vă rog', 'ro'],
  ] as const)('[%s] "%s", then "%s" switches to %s', async (locale, problem, ask, target) => {
    const user = await WebChatUser.start(running.url, locale);
    const question = (await user.say(problem)).map(shown).join('\n');
    const replies = (await user.say(ask)).map(shown);
    for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
    expect(replies[0]).toBe(catalogue.t(target, 'language.changed'));
    // The open question again, in the new language: not answered with the request's words.
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.slice(1).join('\n')).not.toBe(question);
    user.end();
  });

  it.each([
    ['en-US', 'my outlook is in german since the update'],
    ['de-DE', 'Meine Tastatur schreibt auf Englisch'],
  ] as const)('[%s] "%s" mentions a language and switches nothing', async (locale, text) => {
    const user = await WebChatUser.start(running.url, locale);
    const replies = (await user.say(text)).map(shown);
    for (const lang of ['en', 'de', 'pl', 'ro'] as const)
      expect(replies).not.toContain(catalogue.t(lang, 'language.changed'));
    user.end();
  });
});
