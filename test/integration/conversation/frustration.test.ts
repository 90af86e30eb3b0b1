import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown, type ChatActivity } from './web-chat-user';

/** The empathy message's opening words per language (content/flows/strings). */
const EMPATHY = {
  'en-US': /I'm sorry this is so frustrating/,
  'de-DE': /Es tut mir leid, dass das so ärgerlich ist/,
  'pl-PL': /Przykro mi, że to takie frustrujące/,
  'ro-RO': /Îmi pare rău că este atât de frustrant/,
} as const;
const PERSON_BUTTON =
  /\[(Talk to a person|Mit einem Menschen sprechen|Rozmowa z człowiekiem|Vreau să vorbesc cu un om)\]/;

function expectNoTurnError(replies: readonly ChatActivity[]): void {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
}

describe('frustration through the real Direct Line endpoint', () => {
  let running: RunningApp;
  const users: WebChatUser[] = [];
  const recorded = errorRecorder();
  beforeAll(async () => {
    running = await startApp({}, recorded.logger);
  });
  afterEach(() => expect(recorded.errors).toEqual([]));
  afterAll(async () => {
    for (const user of users) user.end();
    await running.stop();
  });

  async function chat(locale: string): Promise<WebChatUser> {
    const user = await WebChatUser.start(running.url, locale);
    users.push(user);
    await user.newReplies();
    return user;
  }

  it.each([
    ['en-US', 'this is useless'],
    ['en-US', 'THIS IS USELESS. I NEED MY VPN NOW'],
    ['en-US', 'the VPN guide was useless, please fix it'],
    ['en-US', 'this is the third time, nothing works!!'],
    ['de-DE', 'Das ist doch völlig nutzlos!'],
    ['de-DE', 'Das ist jetzt das dritte Mal, nichts funktioniert!!'],
    ['pl-PL', 'to jest bezużyteczne'],
    ['pl-PL', 'to już trzeci raz, nic nie działa!!'],
    ['ro-RO', 'ești un bot inutil'],
    ['ro-RO', 'e a treia oară, nimic nu merge!!'],
    ['en-US', 'THIS LAPTOP IS USELESS, the battery dies every hour and nobody helps!!!'],
    ['de-DE', 'Der Drucker ist seit Tagen kaputt und niemand hilft mir!!!'],
    ['pl-PL', 'Drukarka nie działa od tygodnia i nikt nie pomaga!!!'],
    ['ro-RO', 'Imprimanta nu merge de o săptămână și nimeni nu ajută!!!'],
  ] as const)('[%s] "%s": empathy and the offer of a person, no error', async (locale, message) => {
    const user = await chat(locale);
    const replies = await user.say(message);
    expectNoTurnError(replies);
    const offers = replies.filter((r) => EMPATHY[locale].test(shown(r)));
    expect(offers).toHaveLength(1);
    expect(shown(offers[0]!)).toMatch(PERSON_BUTTON);
    // The conversation goes on normally afterwards.
    expectNoTurnError(await user.say(locale === 'en-US' ? 'my vpn does not connect' : 'VPN'));
  });

  it('keeps the flow going under the offer: the step asked is still the one to answer', async () => {
    const user = await chat('en-US');
    await user.say('my vpn does not connect');
    const replies = await user.say('still doesnt work, this is useless');
    expectNoTurnError(replies);
    expect(shown(replies[0]!)).toMatch(EMPATHY['en-US']);
    expect(replies.length).toBeGreaterThan(1);
  });
});
