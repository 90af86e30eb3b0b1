import { play, startProductionApp, userChat } from './chat-harness';

// After the bot's fix, "anything else?" and a goodbye, the user comes back: the fix did not hold.
// That is the problem just fixed, not a new vague one to be asked "which of these?" about.
describe('a fix taken back after the goodbye', () => {
  startProductionApp();

  it.each([
    [
      'en',
      'OneDrive is not syncing my files',
      'yes',
      'no',
      'it still does not work',
      /didn't help after all/,
    ],
    [
      'ro',
      'OneDrive nu mai sincronizează fișierele',
      'da',
      'nu',
      'am incercat deja asta de 3 ori!!! nu merge nimic',
      /până la urmă nu a ajutat/,
    ],
  ])(
    '%s: "%s", fixed, goodbye, then still broken reopens the case',
    async (locale, problem, yes, no, back, sorry) => {
      const chat = userChat({ locale });
      await play(chat, [
        [problem, /(Step|Pasul) 1/],
        [yes, /glad that fixed it|mă bucur/],
        [no, /good day|zi bună/],
        [back, sorry],
      ]);
      expect((await chat.caseFile())?.outcome).toBe('unresolved');
      // The ticket that recorded the bot's fix is open again for the desk.
      const tickets = await chat.tickets!();
      expect(tickets.map((t) => t.status)).toEqual(['open']);
    },
  );

  it('en: another topic named after the goodbye is a new problem', async () => {
    const chat = userChat();
    await play(chat, [
      ['OneDrive is not syncing my files', /Step 1/],
      ['yes', /glad that fixed it/],
      ['no', /good day/],
      ['the printer still does not print anything', /printer|Printer/],
    ]);
    expect((await chat.caseFile())?.outcome).not.toBe('unresolved');
  });
});
