import path from 'node:path';
import { Catalogue } from '../../../src/i18n';
import type { Lang } from '../../../src/i18n/languages';
import { alwaysOpenApp } from './always-open-app';
import { TURN_ERRORS, WebChatUser, shown } from './web-chat-user';

const catalogue = Catalogue.load(path.join(__dirname, '../../../content/i18n'));
const LOCALES: Record<Lang, string> = { en: 'en-US', de: 'de-DE', pl: 'pl-PL', ro: 'ro-RO' };

/**
 * A user who first writes about the printer, then says it is Outlook after all, and asks for a
 * person: the hand-over asks whether it is about Outlook (the queue follows the answer), not about
 * the printer of the first message, through the real Direct Line endpoint. "właściwie chodzi o
 * Outlooka" and "de fapt e vorba de Outlook" (it is about) were taken as the printer's name.
 */
describe('asking for a person after changing one’s mind, through the real Direct Line endpoint', () => {
  const running = alwaysOpenApp();

  it.each([
    ['en', 'my printer is not printing', 'actually it is Outlook, it keeps freezing', 'talk to a person'],
    ['de', 'mein Drucker druckt nicht', 'eigentlich ist es Outlook, das hängt ständig', 'Mitarbeiter bitte'],
    [
      'pl',
      'drukarka nie drukuje',
      'właściwie chodzi o Outlooka, ciągle się zawiesza',
      'chcę porozmawiać z konsultantem',
    ],
    [
      'ro',
      'imprimanta nu printează',
      'de fapt e vorba de Outlook, se blochează mereu',
      'vreau să vorbesc cu un tehnician',
    ],
  ] as const)(
    '[%s] the hand-over asks about Outlook, not the printer',
    async (lang: Lang, first, actually, ask) => {
      const user = await WebChatUser.start(running.url, LOCALES[lang]);
      await user.say(first);
      const switched = (await user.say(actually)).map(shown).join('\n');
      expect(switched).toMatch(/Outlook/);
      const replies = (await user.say(ask)).map(shown);
      for (const reply of replies) expect(TURN_ERRORS).not.toContain(reply);
      expect(replies.join('\n')).toContain(catalogue.t(lang, 'handoff.confirmTopic', { topic: 'Outlook' }));
      user.end();
    },
  );
});
