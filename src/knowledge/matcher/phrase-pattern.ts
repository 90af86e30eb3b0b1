/**
 * A word list's phrases (`*` ends a word with any ending) as one pattern over folded words joined
 * by single spaces; undefined for an empty list.
 */
export function phrasesPattern(phrases: readonly string[]): RegExp | undefined {
  if (phrases.length === 0) return undefined;
  const alternatives = phrases.map((p) =>
    p
      .split(' ')
      .map((w) => (w.endsWith('*') ? `${escape(w.slice(0, -1))}\\S*` : escape(w)))
      .join(' '),
  );
  return new RegExp(`(?:^| )(?:${alternatives.join('|')})(?= |$)`);
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
