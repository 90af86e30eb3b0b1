import { recogniseInterruption } from '../../src/dialogs';
import { play, startProductionApp, userChat } from './chat-harness';

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
  startProductionApp();

  it.each([
    [
      'en',
      'OneDrive is not syncing my files',
      'help',
      /Describe the problem in your own words[\s\S]*Step 1 of 7/,
    ],
    [
      'de',
      'OneDrive synchronisiert nicht mehr',
      'Hilfe',
      /Beschreiben Sie das Problem[\s\S]*Schritt 1 von 7/,
    ],
    ['pl', 'OneDrive nie synchronizuje plików', 'pomoc', /Opisz problem własnymi słowami[\s\S]*Krok 1 z/],
  ])('%s: help explains, then repeats the open step', async (_lang, problem, help, expected) => {
    await play(userChat(), [
      [problem, /1/],
      [help, expected],
    ]);
  });

  it('answers a greeting without looking it up, and a greeting mid-way repeats the step', async () => {
    await play(userChat(), [
      ['hello there', /^Hello! Tell me in a sentence what's wrong[^]*$/],
      ['OneDrive is not syncing my files', /Step 1 of 7/],
      ['hi', /Hello![\s\S]*(Step 1 of 7|Did that work\?)/],
    ]);
  });

  it.each([
    ['en', 'OneDrive is not syncing my files', 'start over', /start over. What's the problem\?/, 'no'],
    ['ro', 'OneDrive nu mai sincronizează fișierele', 'de la capăt', /o luăm de la capăt/, 'nu'],
  ])('%s: start over ends the walk-through', async (_lang, problem, restart, expected, no) => {
    await play(userChat(), [
      [problem, /1/],
      [restart, expected],
      // "no" is no longer an answer to a step: there is none.
      [no, (reply) => expect(reply).not.toMatch(/(Step|Pasul) 2/)],
    ]);
  });

  it.each([
    [
      'en',
      'OneDrive is not syncing my files',
      'my printer will not print',
      /leave the OneDrive sync steps and look at the Printer problem/,
    ],
    [
      'de',
      'OneDrive synchronisiert nicht mehr',
      'Mein Drucker druckt nicht',
      /Schritte zu „OneDrive-Synchronisierung“ verlassen .* „Drucker“/,
    ],
  ])(
    '%s: a new problem mid-way asks before leaving; yes switches',
    async (_lang, problem, other, confirm) => {
      await play(userChat(), [
        [problem, /1/],
        [other, confirm],
        // The printer problem starts with its diagnostic flow's first question.
        ['1', /Which printer is it\?|Um welchen Drucker geht es\?/],
      ]);
    },
  );

  it.each([
    [
      'en',
      'OneDrive is not syncing my files',
      'my printer will not print',
      'no',
      /carry on[\s\S]*Step 1 of 7/,
      'yes',
      /glad/,
    ],
    [
      'pl',
      'OneDrive nie synchronizuje plików',
      'drukarka nie drukuje',
      'nie',
      /kontynuujmy[\s\S]*Krok 1 z/,
      'tak',
      /cieszę/,
    ],
  ])(
    '%s: a new problem mid-way, "no" stays on the current step',
    async (_l, problem, other, no, back, yes, done) => {
      await play(userChat(), [
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
      'OneDrive is not syncing my files',
      'I want to talk to a human',
      /OneDrive sync/,
      'yes',
      /opened ticket \*\*HD-\d+/,
    ],
    [
      'de',
      'OneDrive synchronisiert nicht mehr',
      'Mitarbeiter',
      /OneDrive-Synchronisierung/,
      'ja',
      /Ticket \*\*HD-\d+\*\* angelegt/,
    ],
    [
      'pl',
      'OneDrive nie synchronizuje plików',
      'chcę rozmawiać z człowiekiem',
      /Synchronizacja OneDrive/,
      'tak',
      /zgłoszenie \*\*HD-\d+/,
    ],
    [
      'ro',
      'OneDrive nu mai sincronizează fișierele',
      'vreau un operator',
      /OneDrive/,
      'da',
      /tichetul \*\*HD-\d+/,
    ],
  ])(
    '%s: asking for a person mid-way confirms the topic and opens a ticket with the problem',
    async (_l, problem, ask, topic, yes, queued) => {
      const chat = userChat();
      await play(chat, [
        [problem, /1/],
        [ask, topic],
        [yes, queued],
      ]);
      const file = await chat.caseFile();
      expect(file?.problem).toBe(problem);
    },
  );
});
