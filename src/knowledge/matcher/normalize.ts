/** Characters of a question the matcher looks at; longer input is cut so one message cannot cost much. */
export const MAX_ANALYSED_CHARS = 2000;
/** Longer "words" are pasted hashes, URLs or garbage: they never match anything useful. */
export const MAX_TOKEN_LENGTH = 40;

// Romanian is written with comma-below (ș ț) and, on older keyboards, cedilla (ş ţ); treat both alike.
const CEDILLA_TO_COMMA: Record<string, string> = { ş: 'ș', Ş: 'Ș', ţ: 'ț', Ţ: 'Ț' };

/** Lower-case, unify Romanian cedilla forms, drop control characters and cap the length. */
export function cleanText(text: string, maxChars = MAX_ANALYSED_CHARS): string {
  const capped = text.length > maxChars ? text.slice(0, maxChars) : text;
  return capped
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/[şŞţŢ]/g, (c) => CEDILLA_TO_COMMA[c] ?? c)
    .toLowerCase();
}

const SPECIAL_FOLDS: Record<string, string> = { ł: 'l', ß: 'ss', ø: 'o', đ: 'd', æ: 'ae', œ: 'oe' };

/** Remove diacritics so that "hasło", "haslo", "parolă" and "parola" meet. */
export function foldDiacritics(word: string): string {
  // Plain ASCII is the common case and needs no Unicode normalisation.
  if (/^[\x20-\x7e]*$/.test(word)) return word;
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łßøđæœ]/g, (c) => SPECIAL_FOLDS[c] ?? c);
}

export interface Tokens {
  /** Words in order; a hyphenated word ("wi-fi", "e-mail") appears joined ("wifi"). */
  words: string[];
  /** The pieces of hyphenated or dotted words, as extra evidence. */
  parts: string[];
}

/** Split cleaned text into word tokens (letters and digits of any script). */
export function tokenize(cleaned: string): Tokens {
  const words: string[] = [];
  const parts: string[] = [];
  for (const match of cleaned.matchAll(/[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu)) {
    const pieces = match[0].split(/[-'’.]/).filter((p) => p.length > 0);
    const joined = pieces.join('');
    if (joined.length > MAX_TOKEN_LENGTH) continue;
    words.push(joined);
    if (pieces.length > 1) parts.push(...pieces);
  }
  return { words, parts };
}
