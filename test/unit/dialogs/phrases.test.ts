import { mentionsAny, phraseList, words } from '../../../src/dialogs/small-talk/phrases';

/** What mentionsAny answered before it indexed the phrases: every phrase tried at every word. */
function tryingEveryPhrase(text: string, written: string[]): boolean {
  const said = words(text);
  return phraseList(written).some((p) => said.some((_, at) => p.matchesAt(said, at)));
}

describe('mentionsAny', () => {
  const written = ['thank you', 'thanks', 'bezuzyteczn*', 'nie pomogl*', 'vpn', 'out of office', 'danke*'];
  it.each([
    'thank you so much',
    'thanks!',
    'ten poradnik jest bezużyteczny',
    'to mi nie pomogło',
    'the VPN guide',
    'I am out of office today',
    'out of the office',
    'dankeschön',
    'thank',
    'nie',
    '',
    'bezuzyteczn',
  ])('answers as trying every phrase at every word: %s', (text) => {
    const list = phraseList(written);
    expect(mentionsAny(words(text), list)).toBe(tryingEveryPhrase(text, written));
  });

  it('finds a phrase anywhere in the message, and none in a message without it', () => {
    const list = phraseList(written);
    expect(mentionsAny(words('well, it was useless, nie pomogło wcale'), list)).toBe(true);
    expect(mentionsAny(words('my printer is not printing'), list)).toBe(false);
  });
});
