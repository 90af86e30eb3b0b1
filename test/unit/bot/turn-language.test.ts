import { MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { resolveTurnLanguage, type LanguagePreference } from '../../../src/bot/turn-language';

async function languageOf(
  text: string,
  options: { remembered?: LanguagePreference; answering?: boolean; freeText?: boolean },
) {
  const storage = new MemoryStorage();
  const userState = new UserState(storage);
  const preference = userState.createProperty<LanguagePreference | undefined>('language');
  const adapter = new TestAdapter(async () => undefined);
  const context = new TurnContext(adapter, {
    type: 'message',
    text,
    channelId: 'test',
    from: { id: 'u', name: 'u' },
    conversation: { id: 'c', isGroup: false, name: 'c', conversationType: 'personal' },
    recipient: { id: 'b', name: 'b' },
  });
  if (options.remembered) await preference.set(context, options.remembered);
  return resolveTurnLanguage(context, preference, 'en', {
    answering: options.answering,
    freeText: options.freeText,
  });
}

describe('resolveTurnLanguage', () => {
  const german = { language: 'de' as const, chosen: false };

  it('follows a clear change of language in a new sentence', async () => {
    expect(
      await languageOf('My printer does not print anything since this morning', { remembered: german }),
    ).toBe('en');
  });

  it('keeps the conversation language for a short answer to an open question', async () => {
    expect(await languageOf('Microsoft Project', { remembered: german, answering: true })).toBe('de');
    expect(await languageOf('Adobe Acrobat Pro DC', { remembered: german, answering: true })).toBe('de');
  });

  it('lets a full sentence change the language even while answering', async () => {
    expect(
      await languageOf('Sorry, can we please continue in English from now on', {
        remembered: german,
        answering: true,
      }),
    ).toBe('en');
  });

  it('keeps the conversation language for a sentence that answers a free-text question', async () => {
    expect(
      await languageOf('I need it for the quarterly audit of our travel expenses', {
        remembered: german,
        answering: true,
        freeText: true,
      }),
    ).toBe('de');
    // Unless it asks for the language it is written in.
    expect(
      await languageOf('Sorry, can we please continue in English from now on', {
        remembered: german,
        answering: true,
        freeText: true,
      }),
    ).toBe('en');
  });

  it('never overrides a language the user chose', async () => {
    expect(
      await languageOf('My printer does not print anything since this morning', {
        remembered: { language: 'pl', chosen: true },
      }),
    ).toBe('pl');
  });
});
