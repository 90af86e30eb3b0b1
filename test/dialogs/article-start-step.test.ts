import { play, startProductionApp, userChat } from './chat-harness';

// A multi-purpose article starts at the step whose problem the message names (`startAt` in the
// article's front matter); the steps after it follow, then those before it.
describe('article walk-through: the step the message names comes first', () => {
  startProductionApp();

  it("en: a certificate warning starts at the browser article's certificate step, then goes on to step 3", async () => {
    const chat = userChat();
    await play(chat, [
      [
        'Chrome says "Your connection is not private" when I open the intranet',
        /Step 1 of 8[\s\S]*If the browser warns that the connection is not private/,
      ],
      ['no', /Step 2 of 8[\s\S]*Restart and update the browser/],
      ['yes', /glad that fixed it/],
    ]);
    // Recorded with the article's own step numbers, as technicians read the article.
    expect((await chat.caseFile())?.steps).toEqual([
      expect.objectContaining({ step: 2, result: 'failed' }),
      expect.objectContaining({ step: 3, result: 'worked' }),
    ]);
  });

  it.each([
    ['pl', 'jak zarezerwować salę konferencyjną w outlooku', /Krok 1 z 6[\s\S]*Zarezerwuj salę/],
    [
      'de',
      'alle Termine im Outlook sind eine Stunde verschoben, falsche Uhrzeit',
      /Schritt 1 von 6[\s\S]*falschen Uhrzeit/,
    ],
    ['ro', 'cum deschid calendarul unui coleg în outlook', /Pasul 1 din 6[\s\S]*calendarul unui coleg/],
    [
      'en',
      'my new assistant should manage my meetings on my behalf',
      /Step 1 of 6[\s\S]*assistant manage your meetings/,
    ],
  ])('%s: "%s" starts at its step of the calendar article', async (_lang, problem, first) => {
    await play(userChat(), [[problem, first]]);
  });

  it('en: a message that names none of them starts at step 1', async () => {
    await play(userChat(), [
      ['how do I share my calendar in outlook', /Step 1 of 6[\s\S]*Share your calendar/],
    ]);
  });

  it('en: after the last step the steps before the first one come, then the offer of a person', async () => {
    const chat = userChat();
    await play(chat, [
      ['how do I book a meeting room in outlook', /Step 1 of 6[\s\S]*Book a meeting room/],
      ['no', /Step 2 of 6[\s\S]*wrong time/],
      ['no', /Step 3 of 6[\s\S]*can't set yourself/],
      ['no', /Step 4 of 6[\s\S]*Share your calendar/],
      ['no', /Step 5 of 6/],
      ['no', /Step 6 of 6[\s\S]*assistant manage your meetings/],
    ]);
    expect((await chat.caseFile())?.steps.map((s) => s.step)).toEqual([4, 5, 6, 1, 2]);
  });
});
