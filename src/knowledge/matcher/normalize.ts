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
  if (isPlainAscii(word)) return word;
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

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** 1 = letter or digit, 2 = not, 0 = not looked up yet; for the Basic Multilingual Plane. */
const charClass = new Uint8Array(65536);

function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  if (code < 0xd800 || code > 0xdfff) {
    let cls = charClass[code];
    if (cls === 0) charClass[code] = cls = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    return cls === 1;
  }
  // Outside the BMP: test the whole character, also from its second half.
  const start = code >= 0xdc00 && i > 0 ? i - 1 : i;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start) ?? 0));
}

function isJoiner(code: number): boolean {
  return code === 45 /* - */ || code === 39 /* ' */ || code === 0x2019 /* ’ */ || code === 46; /* . */
}

function wordEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isWordChar(text, end)) end++;
  return end;
}

/** A joiner continues a token only when a word character follows ("wi-fi", "e.g"). */
function joinsAt(text: string, end: number): boolean {
  return end + 1 < text.length && isJoiner(text.charCodeAt(end)) && isWordChar(text, end + 1);
}

/**
 * Split cleaned text into word tokens (letters and digits of any script). A hand-written scanner:
 * indexing reads every word of every article, and a Unicode regex per token costs several times more.
 */
export function tokenize(cleaned: string): Tokens {
  const words: string[] = [];
  const parts: string[] = [];
  let i = 0;
  while (i < cleaned.length) {
    if (!isWordChar(cleaned, i)) {
      i++;
      continue;
    }
    let end = wordEnd(cleaned, i);
    if (!joinsAt(cleaned, end)) {
      if (end - i <= MAX_TOKEN_LENGTH) words.push(cleaned.slice(i, end));
      i = end;
      continue;
    }
    const pieces = [cleaned.slice(i, end)];
    while (joinsAt(cleaned, end)) {
      const next = wordEnd(cleaned, end + 1);
      pieces.push(cleaned.slice(end + 1, next));
      end = next;
    }
    const joined = pieces.join('');
    if (joined.length <= MAX_TOKEN_LENGTH) {
      words.push(joined);
      parts.push(...pieces);
    }
    i = end;
  }
  return { words, parts };
}

function isPlainAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 0x7e) return false;
  return true;
}

/** Cleaned, tokenised and diacritic-folded text: what the analyzer works on. */
export function foldedTokens(text: string, maxChars?: number): Tokens {
  const tokens = tokenize(cleanText(text, maxChars));
  return { words: tokens.words.map(foldDiacritics), parts: tokens.parts.map(foldDiacritics) };
}
