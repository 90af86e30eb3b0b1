import { recogniseInterruption } from '../../src/dialogs';
import { Chat, play } from './chat-harness';

const text = (t: string) => recogniseInterruption({ type: 'message', text: t });

describe('recogniseInterruption', () => {
  it.each([
    ['help', 'help'],
    ['Help!', 'help'],
    ['what can you do?', 'help'],
    ['was kannst du', 'help'],
    ['co potrafisz?', 'help'],
    ['ce poți face', 'help'],
    ['start over', 'restart'],
    ['Cancel', 'restart'],
    ['von vorne', 'restart'],
    ['zacznij od nowa', 'restart'],
    ['o luăm de la capăt', 'restart'],
    ['I want to talk to a human', 'human'],
    ['can I speak to someone please', 'human'],
    ['Mitarbeiter', 'human'],
    ['Ich möchte mit einem Menschen sprechen', 'human'],
    ['chcę rozmawiać z człowiekiem', 'human'],
    ['konsultant', 'human'],
    ['vreau un operator', 'human'],
    ['vreau să vorbesc cu un om', 'human'],
    ['hello there', 'greeting'],
    ['Guten Morgen!', 'greeting'],
    ['Dzień dobry', 'greeting'],
    ['Bună ziua', 'greeting'],
  ])('"%s" is %s', (message, expected) => {
    expect(text(message)).toBe(expected);
  });

  it.each([
    'help me with my printer',
    'my laptop keeps restarting',
    'someone deleted my file on the shared drive',
    'the technician installed a new docking station yesterday and now the screen stays black',
    'Outlook ist abgestürzt, jemand hat gesagt ich soll neu starten',
    'nu merge imprimanta cu laptopul nou',
    'hi, my printer is broken',
    'no',
    '',
  ])('"%s" is not an interruption', (message) => {
    expect(text(message)).toBeUndefined();
  });

  it('takes a card button by its value, not by its label', () => {
    expect(recogniseInterruption({ text: 'Abbrechen', value: { firstlineChoice: 'stop' } })).toBeUndefined();
    expect(recogniseInterruption({ value: { firstlineChoice: 'human' } })).toBe('human');
  });
});

describe('interruptions during a walk-through', () => {
  it.each([
    ['en', 'my wifi keeps disconnecting', 'help', /Describe the problem in your own words[\s\S]*Step 1 of 7/],
    ['de', 'Mein WLAN bricht ständig ab', 'Hilfe', /Beschreiben Sie das Problem[\s\S]*Schritt 1 von 7/],
    ['pl', 'Drukarka nie drukuje', 'co potrafisz?', /Opisz problem własnymi słowami[\s\S]*Krok 1 z/],
  ])('%s: help explains, then repeats the open step', async (_lang, problem, help, expected) => {
    await play(new Chat(), [
      [problem, /1/],
      [help, expected],
    ]);
  });

  it('answers a greeting without looking it up, and a greeting mid-way repeats the step', async () => {
    await play(new Chat(), [
      ['hello there', /^Hello! What can I help you with\?[^]*$/],
      ['my wifi keeps disconnecting', /Step 1 of 7/],
      ['hi', /What can I help you with\?[\s\S]*Step 1 of 7/],
    ]);
  });

  it.each([
    ['en', 'my wifi keeps disconnecting', 'start over', /start over. What's the problem\?/, 'no'],
    ['ro', 'imprimanta nu printează', 'de la capăt', /o luăm de la capăt/, 'nu'],
  ])('%s: start over ends the walk-through', async (_lang, problem, restart, expected, no) => {
    await play(new Chat(), [
      [problem, /1/],
      [restart, expected],
      // "no" is no longer an answer to a step: there is none.
      [no, (reply) => expect(reply).not.toMatch(/(Step|Pasul) 2/)],
    ]);
  });

  it.each([
    [
      'en',
      'my wifi keeps disconnecting',
      'my printer will not print',
      /leave the Wi-Fi steps and look at the Printer problem/,
    ],
    [
      'de',
      'Mein WLAN bricht ständig ab',
      'Mein Drucker druckt nicht',
      /Schritte zu „WLAN“ verlassen .* „Drucker“/,
    ],
  ])(
    '%s: a new problem mid-way asks before leaving; yes switches',
    async (_lang, problem, other, confirm) => {
      await play(new Chat(), [
        [problem, /1/],
        [other, confirm],
        ['1', /(This looks like|Das sieht nach).*\n[\s\S]*(Step|Schritt) 1/],
      ]);
    },
  );

  it.each([
    [
      'en',
      'my wifi keeps disconnecting',
      'my printer will not print',
      'no',
      /carry on[\s\S]*Step 1 of 7/,
      'yes',
      /glad/,
    ],
    [
      'pl',
      'nie mogę połączyć się z wifi',
      'drukarka nie drukuje',
      'nie',
      /kontynuujmy[\s\S]*Krok 1 z/,
      'tak',
      /cieszę/,
    ],
  ])(
    '%s: a new problem mid-way, "no" stays on the current step',
    async (_l, problem, other, no, back, yes, done) => {
      await play(new Chat(), [
        [problem, /1/],
        [other, /\?/],
        [no, back],
        [yes, done],
      ]);
    },
  );

  it.each([
    [
      'en',
      'my wifi keeps disconnecting',
      'I want to talk to a human',
      /can't pass this chat on to a person yet[\s\S]*intranet/,
    ],
    [
      'de',
      'Mein WLAN bricht ständig ab',
      'Mitarbeiter',
      /noch nicht an einen Menschen übergeben[\s\S]*Intranet/,
    ],
    ['pl', 'Drukarka nie drukuje', 'chcę rozmawiać z człowiekiem', /nie mogę jeszcze przekazać/i],
    ['ro', 'imprimanta nu printează', 'vreau un operator', /nu pot transfera/i],
  ])(
    '%s: asking for a person gets the service desk contacts, honestly',
    async (_l, problem, ask, expected) => {
      const chat = new Chat();
      await play(chat, [
        [problem, /1/],
        [ask, expected],
      ]);
      const file = await chat.caseFile();
      expect(file?.outcome).toBe('handoffRequested');
      expect(file?.problem).toBe(problem);
    },
  );
});
