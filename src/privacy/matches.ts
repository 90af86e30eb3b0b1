/**
 * Every match of a global pattern in `text`, as `text.matchAll(pattern)` gives them, found with the
 * pattern itself. matchAll copies its RegExp on every call (a new object and a compilation cache
 * lookup); the detectors run about twenty patterns over each text of every turn, so the copies
 * were a visible share of a turn's CPU. The pattern's lastIndex is left at 0.
 */
export function matchesOf(text: string, pattern: RegExp): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError('matchesOf needs a global (g) pattern');
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  try {
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      found.push(m);
      // An empty match does not move lastIndex: step over one character (a code point with u or v).
      if (m[0] === '')
        pattern.lastIndex = advance(text, pattern.lastIndex, pattern.unicode || pattern.flags.includes('v'));
    }
  } finally {
    pattern.lastIndex = 0;
  }
  return found;
}

function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const code = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? index + 2 : index + 1;
}
