import { matchesOf } from '../../../src/privacy/matches';

const asMatchAll = (text: string, pattern: RegExp) =>
  [...text.matchAll(new RegExp(pattern.source, pattern.flags))].map((m) => [m.index, [...m]]);
const ours = (text: string, pattern: RegExp) => matchesOf(text, pattern).map((m) => [m.index, [...m]]);

describe('matchesOf', () => {
  it.each([
    ['groups and indexes', 'Pwd=abc; Password=xyz', /(Pwd|Password)=([a-z]+)/gi],
    ['no match', 'nothing to see here', /\d+/g],
    ['empty matches step over each character', 'ab c', /x*/g],
    ['empty matches step over a whole code point with u', 'a😀b', /x*/gu],
    ['lookbehind', '4111 1111 1111 1111 and +49 171', /(?<![\p{L}\p{N}_.,+/:\\-])\+?\d+(?:[ -]\d+)*/gu],
  ])('finds what matchAll finds: %s', (_name, text, pattern) => {
    expect(ours(text, pattern)).toEqual(asMatchAll(text, pattern));
  });

  it('starts from the beginning whatever lastIndex was and leaves it at 0', () => {
    const pattern = /\d/g;
    pattern.lastIndex = 3;
    expect(matchesOf('1 2 3', pattern).map((m) => m[0])).toEqual(['1', '2', '3']);
    expect(pattern.lastIndex).toBe(0);
  });

  it('refuses a pattern without the g flag, as matchAll does', () => {
    expect(() => matchesOf('a', /a/)).toThrow(TypeError);
  });
});
