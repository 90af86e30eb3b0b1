import { splitAtAnother } from '../../src/dialogs/later-problem';
import { play, startProductionApp, userChat } from './chat-harness';

// Two problems in one message: the first is helped with, the second is not forgotten. Played
// through the production app (middleware, flows and articles competing).
describe('a second problem in the same message', () => {
  startProductionApp();

  it('en: helps with OneDrive first, then asks about the VPN and starts its flow on yes', async () => {
    const chat = userChat();
    await play(chat, [
      [
        'OneDrive is not syncing my files and also my VPN keeps disconnecting',
        /^You mentioned two problems: let's start with \*\*OneDrive sync\*\*, then I'll come back to \*\*VPN\*\*\.[\s\S]*Step 1 of 7/,
      ],
      [
        'yes',
        /glad that fixed it[\s\S]*You also mentioned: "my VPN keeps disconnecting"\. Shall we look at that now\?/,
      ],
      ['yes', /disconnect the VPN and open a public website/],
    ]);
    // The case of the first problem held the first part only; the VPN is a case of its own.
    expect((await chat.caseFile())?.descriptions).toEqual(['my VPN keeps disconnecting']);
  });

  it('pl: after the last step and "nie, dziękuję" to a person, asks about the second; "nie" goes on to "anything else?"', async () => {
    const chat = userChat({ locale: 'pl' });
    await play(chat, [
      [
        'OneDrive nie synchronizuje plików, a poza tym nie mogę się połączyć z VPN',
        /^Piszesz o dwóch problemach: zacznijmy od tematu \*\*Synchronizacja OneDrive\*\*, potem wrócimy do tematu \*\*VPN\*\*\.[\s\S]*Krok 1 z 7/,
      ],
      ['nie', /Krok 2 z 7/],
      ['nie', /Krok 3 z 7/],
      ['nie', /Krok 4 z 7/],
      ['nie', /Krok 5 z 7/],
      ['nie', /Krok 6 z 7/],
      ['nie', /Krok 7 z 7/],
      ['nie', /porozmawiać z człowiekiem/],
      ['nie, dziękuję', /Była też mowa o: „nie mogę się połączyć z VPN”\. Czy zajmiemy się tym teraz\?/],
      ['nie', /Czy mogę pomóc w czymś jeszcze\?/],
    ]);
    expect((await chat.caseFile())?.laterProblem).toBeUndefined();
  });

  // A request ends in a ticket, not in "anything else?": the ticket message reminds of the second.
  it('en: after a request ticket, the ticket message reminds of the second problem', async () => {
    const chat = userChat();
    await play(chat, [
      [
        'I need admin rights on my laptop and also my Outlook keeps crashing',
        /let's start with \*\*Admin rights\*\*, then I'll come back to \*\*Outlook\*\*[\s\S]*What exactly do you need\?/,
      ],
      ['local admin for a week', /Who is it for\?/],
      ['For me', /What is it needed for\?/],
      ['to install printer drivers', /Who approves it\?/],
      ['My manager', /Shall I send it\?/],
      [
        'yes',
        /opened ticket \*\*HD-\d+\*\*[\s\S]*You also mentioned: "my Outlook keeps crashing"\. Whenever you're ready, just write about it here/,
      ],
    ]);
    expect((await chat.caseFile())?.laterProblem).toBeUndefined();
  });

  it('ro: a flow first (the printer), with the second named', async () => {
    await play(userChat({ locale: 'ro' }), [
      [
        'imprimanta nu printeaza si in plus outlook nu porneste',
        /^Ați menționat două probleme: începem cu \*\*Imprimantă\*\*, apoi revin la \*\*Outlook\*\*\.[\s\S]*Despre ce imprimantă e vorba\?/,
      ],
    ]);
  });

  it('de: "außerdem" that adds to the same problem is one problem', async () => {
    await play(userChat({ locale: 'de' }), [
      [
        'OneDrive synchronisiert nicht mehr, außerdem zeigt OneDrive ein rotes Kreuz',
        (text) => {
          expect(text).not.toMatch(/zwei Probleme/);
          expect(text).toMatch(/Schritt 1 von/);
        },
      ],
    ]);
  });
});

describe('splitAtAnother', () => {
  it.each([
    ['my printer is jammed and also Outlook is slow', 'my printer is jammed', 'Outlook is slow'],
    ['Drucker druckt nicht und außerdem ist Outlook langsam', 'Drucker druckt nicht', 'ist Outlook langsam'],
    ['drukarka nie drukuje, a poza tym outlook muli', 'drukarka nie drukuje', 'outlook muli'],
    [
      'imprimanta nu printeaza si in plus outlook nu porneste',
      'imprimanta nu printeaza',
      'outlook nu porneste',
    ],
  ])('%s', (text, first, second) => {
    expect(splitAtAnother(text)).toEqual({ first, second });
  });

  it.each([['potrzebuję dostępu do tego folderu'], ['also my VPN'], ['I restarted it also']])(
    'no split: %s',
    (text) => {
      expect(splitAtAnother(text)).toBeUndefined();
    },
  );
});
