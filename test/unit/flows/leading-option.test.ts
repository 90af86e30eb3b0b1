import { leadingOption } from '../../../src/dialogs/choices';

const approver = [
  { value: 'manager', label: 'My manager', synonyms: ['manager', 'my boss', 'team lead*'] },
  { value: 'someone-else', label: 'Someone else' },
];

describe('leadingOption: a reply that opens with an option and says more', () => {
  it.each([
    ['my manager Tom Baker', 'manager', 'Tom Baker'],
    ['My boss, Anna Smith', 'manager', 'Anna Smith'],
    ['team leader Jan – back on Monday', 'manager', 'Jan – back on Monday'],
    ['someone else: the finance director', 'someone-else', 'the finance director'],
  ])('"%s" is %s, with "%s" after it', (text, value, rest) => {
    expect(leadingOption(text, approver)).toEqual({ value, rest });
  });

  it.each([
    ['my manager'], // the label alone is a plain pick, not this
    ['Tom Baker, my manager'], // the name first: no option opens it
    ['I think my manager'],
    ['my boss'], // a synonym alone, too
  ])('"%s" opens with no option', (text) => {
    expect(leadingOption(text, approver)).toBeUndefined();
  });

  it('leaves options that mean yes or no to the yes/no reading', () => {
    const yesNo = [
      { value: 'yes', label: 'Yes', meaning: 'yes' as const },
      { value: 'no', label: 'No', meaning: 'no' as const },
    ];
    expect(leadingOption('yes, the cable was loose', yesNo)).toBeUndefined();
  });
});
