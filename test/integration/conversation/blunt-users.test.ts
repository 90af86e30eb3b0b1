import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown, type ChatActivity } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));

function texts(replies: readonly ChatActivity[]): string[] {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
  return replies.map(shown);
}

/** Users who say what they want bluntly, through the real Direct Line endpoint. */
describe('blunt users through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const users: WebChatUser[] = [];
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({ SUPPORT_CONFIG_FILE: alwaysOpenSupportFile() }, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(async () => {
    for (const user of users) user.end();
    await running.stop();
  });

  async function chat(locale: string): Promise<WebChatUser> {
    const user = await WebChatUser.start(running.url, locale);
    users.push(user);
    return user;
  }

  it.each([
    ['en-US', 'en', 'get me a human'],
    ['en-US', 'en', 'just get me a human'],
    ['en-US', 'en', 'GET ME A HUMAN NOW!!!'],
    ['en-US', 'en', 'give me a real person'],
    ['de-DE', 'de', 'hol mir einen Menschen'],
    ['de-DE', 'de', 'geben Sie mir einen Mitarbeiter'],
  ] as const)(
    '[%s, %s] "%s" is a request for a person, not a problem without an answer',
    async (locale, lang, ask) => {
      const user = await chat(locale);
      expect(texts(await user.say(ask))).toEqual([catalogue.t(lang, 'handoff.askProblem')]);
    },
  );

  it.each(['give someone access to my mailbox', 'I get an error when someone opens my file'])(
    '"%s" is a problem, not a request for a person',
    async (problem) => {
      const user = await chat('en-US');
      expect(texts(await user.say(problem))).not.toContain(catalogue.t('en', 'handoff.askProblem'));
    },
  );

  /** What the bot answers to `answer` after the first step of a walk-through. */
  async function afterFirstStep(answer: string): Promise<string[]> {
    const user = await chat('en-US');
    const started = texts(await user.say('camera not working in teams, just a black screen')).join('\n');
    expect(started).toContain(catalogue.t('en', 'walkthrough.question'));
    return texts(await user.say(answer));
  }

  it.each(['nothing works', 'nothing worked', 'nothing helped', 'none of it worked'])(
    '"%s" after a step is a "no", not "it worked"',
    async (answer) => {
      expect(await afterFirstStep(answer)).toEqual(await afterFirstStep('no'));
    },
  );
});
