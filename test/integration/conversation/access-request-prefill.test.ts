import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Lang } from '../../../src/i18n/languages';
import { alwaysOpenApp } from './always-open-app';
import { TURN_ERRORS, WebChatUser, shown, type ChatActivity } from './web-chat-user';

const flow = YAML.parse(
  fs.readFileSync(path.join(__dirname, '../../../content/flows/access-request.yaml'), 'utf8'),
) as { nodes: Record<string, { text: Record<Lang, string> }> };
/** The access request's question `nodeId` in `lang`, as the bot asks it. */
const question = (nodeId: string, lang: Lang): string => flow.nodes[nodeId]!.text[lang];
const LOCALES: Record<Lang, string> = { en: 'en-US', de: 'de-DE', pl: 'pl-PL', ro: 'ro-RO' };

function texts(replies: readonly ChatActivity[]): string {
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply.text);
  return replies.map(shown).join('\n');
}

/**
 * "I need access to the finance shared folder" already says what the access is to: the request
 * does not ask "What do you need access to?" nor "Which folder exactly?", and the technicians'
 * form has the folder as the user named it, through the real Direct Line endpoint.
 */
describe('an access request that names its folder, through the real Direct Line endpoint', () => {
  const running = alwaysOpenApp();

  it.each([
    [
      'en',
      'I need access to the finance shared folder',
      'the finance shared folder',
      'For me',
      'Budget review',
    ],
    [
      'de',
      'Ich brauche Zugriff auf den Ordner der Buchhaltung',
      'den Ordner der Buchhaltung',
      'Für mich',
      'Prüfung der Reisekosten',
    ],
    [
      'pl',
      'Potrzebuję dostępu do folderu działu finansów',
      'folderu działu finansów',
      'Dla mnie',
      'Przegląd budżetu na marzec',
    ],
    [
      'ro',
      'Am nevoie de acces la folderul financiar',
      'folderul financiar',
      'Pentru mine',
      'Verific bugetul pe martie',
    ],
  ] as const)(
    '[%s] "%s" is asked only what it did not say',
    async (lang: Lang, first, folder, forMe, reason) => {
      const user = await WebChatUser.start(running.url, LOCALES[lang]);
      const opened = texts(await user.say(first));
      expect(opened).not.toContain(question('ask-kind', lang));
      expect(opened).not.toContain(question('ask-path', lang));
      expect(opened).toContain(folder);
      expect(opened).toContain(question('ask-level', lang));
      await user.click({ firstlineChoice: 'read' });
      expect(texts(await user.say(forMe))).toContain(question('ask-reason', lang));
      expect(texts(await user.say(reason))).toContain(question('ask-approver', lang));
      await user.say('Maria Weber');
      await running.app.idle();
      const [ticket] = await running.app.handoff!.tickets.ofConversations([user.conversationId]);
      expect(ticket?.requestFields?.slice(0, 2)).toEqual([
        { label: 'Access to', value: 'A folder on a network drive' },
        { label: 'Folder or site', value: folder },
      ]);
      user.end();
    },
  );

  it.each([
    // "dostępu", "folderu", "dysku": inflected IT words were not seen, and "HR" made it a question for HR.
    ['pl', 'potrzebuję dostępu do folderu HR na dysku sieciowym', 'folderu HR na dysku sieciowym'],
  ] as const)('[%s] "%s" is an access request, not a question for HR', async (lang: Lang, first, folder) => {
    const user = await WebChatUser.start(running.url, LOCALES[lang]);
    const opened = texts(await user.say(first));
    expect(opened).toContain(folder);
    expect(opened).toContain(question('ask-level', lang));
    user.end();
  });

  it.each([
    ['en', 'I need access to a shared folder'],
    ['de', 'Ich brauche Zugriff auf einen Ordner'],
    ['pl', 'Potrzebuję dostępu do folderu sieciowego'],
    ['ro', 'Am nevoie de acces la un folder'],
  ] as const)('[%s] "%s" names no folder, so which one is asked', async (lang: Lang, first) => {
    const user = await WebChatUser.start(running.url, LOCALES[lang]);
    expect(texts(await user.say(first))).toContain(question('ask-path', lang));
    user.end();
  });
});
