import { foldText } from '../../i18n/language-names';

/*
 * Word-list phrases as regular expressions over text folded in place (see foldInPlace): the
 * position of a match is its position in what the user wrote, so the words can be taken as written.
 */

export function phrasePattern(phrase: string): string {
  return phrase
    .split(' ')
    .map((word) => {
      const stem = word.endsWith('*');
      const body = (stem ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return stem ? `${body}[\\p{L}\\p{N}]*` : body;
    })
    .join('\\s+');
}

export function alternatives(phrases: readonly string[]): string {
  return phrases.length > 0 ? phrases.map(phrasePattern).join('|') : '(?!)';
}

/** Folds letter by letter, so positions in the folded text are positions in the original. */
export function foldInPlace(text: string): string {
  return Array.from(text.toLowerCase(), (c) => {
    const folded = foldText(c);
    return folded.length === c.length ? folded : c;
  }).join('');
}
