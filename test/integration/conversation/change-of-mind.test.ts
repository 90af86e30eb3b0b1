import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Catalogue } from '../../../src/i18n';
import type { Lang } from '../../../src/i18n/languages';
import { startApp, type RunningApp } from '../../helpers/in-process-app';
import { alwaysOpenSupportFile } from '../../helpers/support-hours';
import { TURN_ERRORS, WebChatUser, errorRecorder, shown, type ChatActivity } from './web-chat-user';

const content = path.join(__dirname, '../../../content');
const flowStrings = Catalogue.load(path.join(content, 'flows/strings'));

function texts(replies: readonly ChatActivity[]): string[] {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
  return replies.map(shown);
}

/** A shipped flow's question text in `lang`. */
function question(flowId: string, nodeId: string, lang: Lang): string {
  const flow = YAML.parse(fs.readFileSync(path.join(content, `flows/${flowId}.yaml`), 'utf8')) as {
    nodes: Record<string, { text: Record<string, string> }>;
  };
  return flow.nodes[nodeId]!.text[lang]!;
}

/** What the bot says when the user leaves a flow for another topic. */
function leaving(flowId: string, lang: Lang): string {
  const flow = YAML.parse(fs.readFileSync(path.join(content, `flows/${flowId}.yaml`), 'utf8')) as {
    title: Record<string, string>;
  };
  return flowStrings.t(lang, 'switchTopic', { title: flow.title[lang] ?? '' });
}

/**
 * Users who change their mind in the middle of a diagnostic flow, through the real Direct Line
 * endpoint: "actually it's my outlook" at "Which printer is it?" is the new topic, not the printer's
 * name; a real answer still answers.
 */
describe("changing one's mind inside a flow, through the real Direct Line endpoint", () => {
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

  /** What a fresh conversation gets for `text`: the new topic as if the user had started with it. */
  async function fresh(locale: string, text: string): Promise<string[]> {
    return texts(await (await chat(locale)).say(text));
  }

  const printer = 'printer-troubleshooting';
  const software = 'software-install-request';

  // The last column is the new topic as the user would have said it alone: what the bot answers
  // after leaving the flow is what a fresh conversation gets for it.
  it.each([
    ['en-US', 'en', printer, "my printer won't print", "actually it's my outlook", "it's my outlook"],
    [
      'en-US',
      'en',
      printer,
      "my printer won't print",
      'no wait, outlook keeps asking for my password',
      'outlook keeps asking for my password',
    ],
    [
      'en-US',
      'en',
      printer,
      "my printer won't print",
      'my outlook keeps crashing',
      'my outlook keeps crashing',
    ],
    [
      'en-US',
      'en',
      software,
      'I need a program installed',
      'actually I need the Finance folder',
      'I need the Finance folder',
    ],
    [
      'en-US',
      'en',
      software,
      'I need a program installed',
      'sorry, I meant access to the Finance shared folder',
      'access to the Finance shared folder',
    ],
    [
      'de-DE',
      'de',
      printer,
      'Mein Drucker druckt nicht',
      'eigentlich ist es mein Outlook',
      'ist es mein Outlook',
    ],
    [
      'de-DE',
      'de',
      printer,
      'Mein Drucker druckt nicht',
      'ich meinte eigentlich Outlook, es hängt ständig',
      'Outlook, es hängt ständig',
    ],
    [
      'de-DE',
      'de',
      software,
      'ich brauche ein Programm installiert',
      'eigentlich brauche ich Zugriff auf den Finance-Ordner',
      'brauche ich Zugriff auf den Finance-Ordner',
    ],
    [
      'pl-PL',
      'pl',
      printer,
      'drukarka nie drukuje',
      'właściwie to mój Outlook, ciągle się zawiesza',
      'to mój Outlook, ciągle się zawiesza',
    ],
    [
      'pl-PL',
      'pl',
      software,
      'potrzebuję zainstalować program',
      'właściwie potrzebuję dostępu do folderu Finance',
      'potrzebuję dostępu do folderu Finance',
    ],
    [
      'ro-RO',
      'ro',
      printer,
      'imprimanta nu printează',
      'de fapt Outlook se blochează mereu',
      'Outlook se blochează mereu',
    ],
  ] as const)(
    '[%s] in %s, "%s" then "%s" leaves the flow for the new topic',
    async (locale, lang, flowId, start, changed, alone) => {
      const user = await chat(locale);
      const first = question(flowId, flowId === printer ? 'ask-printer' : 'ask-software', lang);
      expect(texts(await user.say(start))).toContain(first);
      const replies = texts(await user.say(changed));
      expect(replies[0]).toBe(leaving(flowId, lang));
      const elsewhere = await fresh(locale, alone);
      expect(elsewhere).not.toContain(first);
      expect(replies.slice(1)).toEqual(elsewhere);
    },
  );

  it.each([
    ['en-US', 'en', printer, "my printer won't print", 'PRN-3-12, 3rd floor by the kitchen'],
    ['en-US', 'en', software, 'I need a program installed', 'Visio Plan 2'],
    ['en-US', 'en', software, 'I need a program installed', 'I need Adobe Acrobat Pro'],
    ['en-US', 'en', software, 'I need a program installed', 'Microsoft Teams for the meetings'],
    ['de-DE', 'de', printer, 'Mein Drucker druckt nicht', 'PRN-3-12 im 3. OG bei der Küche'],
    ['de-DE', 'de', software, 'ich brauche ein Programm installiert', 'ich brauche Visio Plan 2'],
  ] as const)('[%s] in %s, "%s" then "%s" is the answer', async (locale, lang, flowId, start, answer) => {
    const user = await chat(locale);
    const first = question(flowId, flowId === printer ? 'ask-printer' : 'ask-software', lang);
    expect(texts(await user.say(start))).toContain(first);
    const replies = texts(await user.say(answer));
    expect(replies).not.toContain(leaving(flowId, lang));
    // The flow went on to its next question rather than asking this one again.
    expect(replies.join('\n')).not.toContain(first);
    expect(replies.slice(1).join('\n')).toBe('');
  });
});
