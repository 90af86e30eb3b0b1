import path from 'node:path';
import { readKbDocuments } from '../../../../src/knowledge/eval/kb-reader';
import { Matcher } from '../../../../src/knowledge/matcher';
import type { Lang } from '../../../../src/i18n/languages';
import { shippedContent } from '../../../helpers/shipped-content';

// Against the shipped knowledge base: a message that explains nothing must get "none", whatever
// the ranking happens to put first; short real questions must still reach their topic.
const matcher = Matcher.build(readKbDocuments(path.join(__dirname, '../../../../content/kb')), {
  synonyms: shippedContent().synonyms,
});

/** Deterministic keyboard mashing: random letters, 1-3 "words" of 3-9 letters. */
function mashing(count: number): string[] {
  let s = 12345;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const word = (): string =>
    Array.from(
      { length: 3 + Math.floor(next() * 7) },
      () => 'qwertyuiopasdfghjklzxcvbnm'[Math.floor(next() * 26)],
    ).join('');
  return Array.from({ length: count }, (_, i) => Array.from({ length: 1 + (i % 3) }, word).join(' '));
}

describe('messages without evidence get "none"', () => {
  const cases: Array<[string, string]> = [
    ['keyboard row', 'asdf qwerty'],
    ['keyboard row 2', 'qwertz uiop'],
    ['keyboard row 3', 'jkl jkl jkl'],
    ['foreign word (pl, not in the KB)', 'kartofel'],
    ['foreign word (fr)', 'bonjour'],
    ['foreign word (es)', 'mañana'],
    ['foreign phrase (it)', 'buongiorno signora'],
    ['filler', 'hmm'],
    ['greeting en', 'hello there'],
    ['greeting en 2', 'hi'],
    ['greeting de', 'guten morgen'],
    ['greeting pl', 'dzień dobry'],
    ['greeting ro', 'bună ziua'],
    ['lorem ipsum', 'lorem ipsum dolor sit amet'],
    ['lorem ipsum 2', 'consectetur adipiscing elit sed do eiusmod tempor'],
    ['emoji', '😀😀🙈'],
    ['emoji and text', '🙈 lol'],
    ['numbers only', '12345'],
    ['numbers with spaces', '42 17 99'],
    ['punctuation', '?!?!...'],
  ];

  it.each(cases)('%s: %s', (_name, text) => {
    const r = matcher.match(text);
    expect(r.decision).toBe('none');
  });

  it.each(['en', 'de', 'pl', 'ro'] as Lang[])('random keyboard mashing in a %s conversation', (language) => {
    const decisions = mashing(100).map((text) => matcher.match(text, { language }).decision);
    expect(decisions.filter((d) => d !== 'none')).toEqual([]);
  });

  it('gives no confidence to results it cannot justify', () => {
    const r = matcher.match('asdf qwerty');
    for (const result of r.results) expect(result.confidence).toBeLessThan(0.35);
  });
});

describe('short real questions still reach their topic', () => {
  const cases: Array<[string, string, Lang | undefined]> = [
    ['vpn down', 'network.vpn', undefined],
    ['drukarka nie drukuje', 'printer', 'pl'],
    ['WLAN weg', 'network.wifi', 'de'],
    ['nu merge imprimanta', 'printer', 'ro'],
    ['outlook crashes', 'email.outlook', undefined],
    ['pasword reset', 'account.password-reset', undefined],
    ['Drucker druckt nicht', 'printer', 'de'],
    ['nu merge internetul', 'network.no-internet', 'ro'],
  ];

  it.each(cases)('%s → %s', (text, topic, language) => {
    const r = matcher.match(text, { language });
    expect(r.decision).not.toBe('none');
    expect(r.results[0]?.topic).toBe(topic);
  });
});

// A fault report's kind ("problem", "doesn't work") orders neighbouring topics but adds no
// certainty: a vague report names no topic and must not be answered as if it did.
describe('vague fault reports are not answered outright', () => {
  it.each([
    ['en', 'connection problem'],
    ['en', 'it doesnt work'],
    ['en', 'my thing has a problem'],
    ['en', 'nothing works'],
    ['en', 'it is not working'],
    ['de', 'es geht nicht'],
    ['de', 'geht nicht'],
    ['de', 'funktioniert nicht'],
    ['de', 'es funktioniert nicht mehr'],
    ['pl', 'nie działa'],
    ['pl', 'nic nie działa'],
    ['pl', 'to nie działa'],
    ['pl', 'już nie działa'],
    ['ro', 'nu merge'],
    ['ro', 'nu funcționează'],
    ['ro', 'nu mai merge'],
  ] as Array<[Lang, string]>)('%s: %s', (language, text) => {
    expect(matcher.match(text, { language }).decision).not.toBe('answer');
  });

  // A word that says something works is no topic, but the message is still a fault report: it
  // gets a clarifying question ("which of these?"), not the "no answer" of a message explaining
  // nothing.
  it.each([
    ['de', 'es geht nicht'],
    ['pl', 'nie działa'],
    ['ro', 'nu merge'],
  ] as Array<[Lang, string]>)('%s: %s is asked about', (language, text) => {
    expect(matcher.match(text, { language }).decision).toBe('clarify');
  });

  it.each([
    ['de', 'Outlook geht nicht', 'email.outlook'],
    ['pl', 'drukarka nie działa', 'printer'],
    ['ro', 'nu merge imprimanta', 'printer'],
    ['en', 'vpn is not working', 'network.vpn'],
  ] as Array<[Lang, string, string]>)('%s: naming the topic still answers: %s', (language, text, topic) => {
    const r = matcher.match(text, { language });
    expect(r.decision).toBe('answer');
    expect(r.results[0]?.topic).toBe(topic);
  });
});
