import { recogniseChoice, renderChoice, type ChoiceOption } from '../../src/dialogs';
import { leadingYesNo, mentionedChoice, negatedStatement } from '../../src/dialogs/choices';

const stepOptions: ChoiceOption[] = [
  { value: 'yes', label: 'Yes, it worked', meaning: 'yes' },
  { value: 'no', label: 'No', meaning: 'no' },
  { value: 'stop', label: 'Stop', meaning: 'stop' },
];
const topics: ChoiceOption[] = [
  { value: 'article:vpn', label: 'VPN' },
  { value: 'article:wifi', label: 'Wi-Fi' },
  { value: 'article:printer', label: 'Drucker' },
  { value: 'article:password', label: 'Resetare parolă' },
  { value: 'none', label: 'None of these', meaning: 'none' },
];
const typed = (text: string, options: ChoiceOption[]) => recogniseChoice({ type: 'message', text }, options);

describe('recogniseChoice', () => {
  it.each([
    'yes',
    'Yes!',
    'yep',
    'it worked',
    'that worked, thanks',
    'ja',
    'Ja, hat geklappt',
    'funktioniert jetzt',
    'tak',
    'Tak, działa',
    'udało się',
    'da',
    'a mers',
    'Da, merge',
    '1',
  ])('"%s" means yes', (text) => {
    expect(typed(text, stepOptions)).toBe('yes');
  });

  it.each([
    'no',
    'nope',
    'No, still not working',
    "didn't work",
    'nein',
    'hat nicht geklappt',
    'funktioniert nicht',
    'geht immer noch nicht',
    'nie',
    'nie działa',
    'nadal nie działa',
    'nu',
    'nu a mers',
    'n-a mers',
    'tot nu merge',
    'it just doesnt work, whatever',
    'geht einfach nicht, egal',
    'po prostu nie działa',
    'pur și simplu nu merge',
    '2',
  ])('"%s" means no', (text) => {
    expect(typed(text, stepOptions)).toBe('no');
  });

  it.each(['stop', 'Stopp', 'przerwij', 'gata', 'the third one', '3'])('"%s" means stop', (text) => {
    expect(typed(text, stepOptions)).toBe('stop');
  });

  it.each([
    ['2', 'article:wifi'],
    ['the second one', 'article:wifi'],
    ['second', 'article:wifi'],
    ['der zweite', 'article:wifi'],
    ['zweite', 'article:wifi'],
    ['drugi', 'article:wifi'],
    ['druga', 'article:wifi'],
    ['drugie', 'article:wifi'],
    ['al doilea', 'article:wifi'],
    ['a doua', 'article:wifi'],
    ['die dritte bitte', 'article:printer'],
    ['the last one', 'none'],
    ['first', 'article:vpn'],
  ])('the ordinal "%s" picks %s', (text, value) => {
    expect(typed(text, topics)).toBe(value);
  });

  it.each([
    ['wifi', 'article:wifi'],
    ['WI-FI', 'article:wifi'],
    ['the wifi one', 'article:wifi'],
    ['drucker', 'article:printer'],
    ['Druker', 'article:printer'],
    ['resetare parola', 'article:password'],
    ['none of these', 'none'],
    ['nichts davon', 'none'],
    ['żadne', 'none'],
    ['niciuna', 'none'],
  ])('the label-like answer "%s" picks %s (case, diacritics and a typo forgiven)', (text, value) => {
    expect(typed(text, topics)).toBe(value);
  });

  it.each([
    'my printer does not print anymore',
    'Mein Drucker druckt nicht',
    'drukarka nie drukuje',
    // A no that negates the user's own verb says what happens, not a bare "No".
    'nie włącza się',
    'still no signal',
    'nu pornește',
    'asdf',
    '7',
    'the tenth one',
    'ok',
    '',
  ])('"%s" is not an answer to a yes/no/stop question', (text) => {
    expect(typed(text, stepOptions)).toBeUndefined();
  });

  it('takes a card submit by value and ignores values that are not offered', () => {
    expect(recogniseChoice({ value: { firstlineChoice: 'no' } }, stepOptions)).toBe('no');
    expect(recogniseChoice({ value: { firstlineChoice: 'article:old' } }, stepOptions)).toBeUndefined();
    expect(recogniseChoice({ value: { somethingElse: 1 } }, stepOptions)).toBeUndefined();
  });
});

describe('renderChoice', () => {
  const question = {
    question: 'Did that work?',
    lead: '**Step 1 of 3**\n\nRestart it.',
    options: stepOptions,
  };
  const textHint = '_Reply with a number._';

  it.each(['directline', 'webchat', 'emulator', 'msteams'])(
    'renders an Adaptive Card 1.5 on %s',
    (channelId) => {
      const activity = renderChoice(question, { channelId, locale: 'en', textHint });
      expect(activity.text).toBe(question.lead);
      const card = activity.attachments?.[0]?.content as {
        version: string;
        body: { text: string }[];
        actions: { type: string; title: string; data: Record<string, unknown> }[];
      };
      expect(card.version).toBe('1.5');
      expect(card.body[0]?.text).toBe('Did that work?');
      expect(card.actions.map((a) => [a.type, a.title, a.data.firstlineChoice])).toEqual([
        ['Action.Submit', 'Yes, it worked', 'yes'],
        ['Action.Submit', 'No', 'no'],
        ['Action.Submit', 'Stop', 'stop'],
      ]);
      expect('msteams' in card.actions[0]!.data).toBe(channelId === 'msteams');
    },
  );

  it.each(['slack', 'sms', 'test', undefined])('renders a numbered list on %s', (channelId) => {
    const activity = renderChoice(question, { channelId, locale: 'en', textHint });
    expect(activity.attachments).toBeUndefined();
    expect(activity.text).toBe(
      '**Step 1 of 3**\n\nRestart it.\n\nDid that work?\n\n1. Yes, it worked\n2. No\n3. Stop\n\n_Reply with a number._',
    );
  });
});

describe('synonyms, key words and pre-fill phrases', () => {
  const since: ChoiceOption[] = [
    { value: 'today', label: 'Nagle, od dzisiaj', synonyms: ['od wczoraj', 'suddenly'] },
    { value: 'after-change', label: 'Od aktualizacji lub nowego programu' },
    { value: 'gradually', label: 'Od tygodni coraz wolniej' },
    { value: 'always', label: 'Od początku' },
  ];

  it.each([
    ['nagle', 'today'],
    ['od wczoraj', 'today'],
    ['Suddenly!', 'today'],
    ['chyba nagle', 'today'],
    ['po aktualizacji', 'after-change'],
    ['coraz wolniejszy', 'gradually'],
    ['2', 'after-change'],
    ['ostatni', 'always'],
  ])('"%s" picks %s', (text, value) => {
    expect(typed(text, since)).toBe(value);
  });

  it.each(['od', 'drukarka nagle przestała drukować na trzecim piętrze', 'tak', 'nie wiem'])(
    '"%s" picks nothing',
    (text) => {
      expect(typed(text, since)).toBeUndefined();
    },
  );

  it('ignores words the question itself uses when counting other words', () => {
    const options: ChoiceOption[] = [
      { value: 'classic', label: 'Classic Outlook' },
      { value: 'new', label: 'New Outlook' },
    ];
    const asked = 'Which Outlook is it, the new or the classic one?';
    expect(recogniseChoice({ text: 'it is the classic one I think' }, options, asked)).toBe('classic');
  });

  const symptoms: ChoiceOption[] = [
    { value: 'wont-open', label: '', mentions: ["won't open", 'crash*'] },
    { value: 'password', label: '', mentions: ['password*', 'hasł*'] },
    { value: 'not-syncing', label: '', mentions: ['not getting * mail*', 'not getting * email*'] },
  ];
  it.each([
    [['outlook keeps asking for my password'], 'password'],
    [['Outlook ciągle pyta o hasło'], 'password'],
    [["I'm not getting any new emails in outlook"], 'not-syncing'],
    [['outlook crashed', 'and it asks for the password'], undefined],
    [['outlook is weird'], undefined],
    [['not getting my holiday pay, nor mail'], undefined],
  ])('%j mentions %s', (texts, value) => {
    expect(mentionedChoice(texts, symptoms)).toBe(value);
  });
});

describe('leadingYesNo', () => {
  it.each([
    ['yes, it fell off the desk yesterday', 'yes'],
    ['ja, er ist mir gestern runtergefallen', 'yes'],
    ['Nein – gar nichts passiert', 'no'],
    ['tak. spadł wczoraj z biurka', 'yes'],
    ['nu, nu a căzut niciodată', 'no'],
    ['no, and now Outlook crashes too', 'no'],
  ])('%j opens with %s', (text, expected) => {
    expect(leadingYesNo(text)).toBe(expected);
  });

  it.each([
    'yes',
    'no idea, the printer is broken',
    'the printer says yes, but prints nothing',
    'yesterday it fell, no light since',
    'nope',
  ])('%j has no leading yes or no with more to say', (text) => {
    expect(leadingYesNo(text)).toBeUndefined();
  });
});

describe('negatedStatement', () => {
  it.each([
    'nie włącza się',
    'still no signal',
    'the screen doesnt light up',
    'nu pornește',
    'nadal nie synchronizuje',
  ])('"%s" is a no that says more', (text) => {
    expect(negatedStatement(text)).toBe(true);
  });

  it.each([
    'no',
    'nie',
    'no, still not working',
    'nein, immer noch nicht',
    'it works now',
    'the printer is jammed',
  ])('"%s" is not', (text) => {
    expect(negatedStatement(text)).toBe(false);
  });
});
