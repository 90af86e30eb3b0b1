/** A possible secret value read after a keyword. */
export interface Candidate {
  start: number;
  end: number;
  value: string;
  quoted: boolean;
}

const CLOSING: Record<string, string> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '„': '“”',
  '“': '”',
  '«': '»',
  '»': '«',
  '‚': '‘’',
  '‘': '’',
};
const TRAILING = /[.,;:?)\]}>"'»«“”’]+$/u;
const LEADING = /^[(<[]+/u;
const MAX_TOKEN = 200;

/**
 * The quoted string or whitespace-delimited token at `pos` (after at most a few spaces and
 * one line break), without the sentence punctuation around it.
 */
export function readCandidate(text: string, pos: number): Candidate | undefined {
  let at = pos;
  let newlines = 0;
  while (at < text.length && at - pos < 4 && /\s/.test(text[at] ?? '')) {
    if (text[at] === '\n' && ++newlines > 1) return undefined;
    at++;
  }
  const open = text[at];
  if (open === undefined || /\s/.test(open)) return undefined;
  const closing = CLOSING[open];
  if (closing) {
    const quoted = readQuoted(text, at, closing);
    if (quoted) return quoted;
  }
  let end = at;
  while (end < text.length && end - at < MAX_TOKEN && !/\s/.test(text[end] ?? '')) end++;
  // In "Pwd=X;Encrypt=yes" or "?pw=X&user=y" the value ends where the next pair starts.
  // An HTML tag (Teams sends messages as HTML too) ends the value as well.
  const raw = text
    .slice(at, end)
    .replace(/[;&][A-Za-z][A-Za-z ]{0,40}=.*$/s, '')
    .replace(/<\/?[A-Za-z][A-Za-z0-9]*(?:[\s/][^>]*)?>.*$/s, '');
  const lead = LEADING.exec(raw)?.[0].length ?? 0;
  const trimmed = raw.slice(lead).replace(TRAILING, '');
  if (trimmed.length === 0) return undefined;
  return { start: at + lead, end: at + lead + trimmed.length, value: trimmed, quoted: false };
}

function readQuoted(text: string, at: number, closing: string): Candidate | undefined {
  for (let i = at + 1; i < text.length && i - at <= 100; i++) {
    const ch = text[i] ?? '';
    if (ch === '\n') return undefined;
    if (closing.includes(ch)) {
      if (i === at + 1) return undefined;
      return { start: at + 1, end: i, value: text.slice(at + 1, i), quoted: true };
    }
  }
  return undefined;
}

/** The word after `pos`, to tell "PIN: 1234" from "the password is 12 characters". */
export function nextWordAfter(text: string, pos: number): string {
  const m = /^\s{0,3}([\p{L}]{1,30})/u.exec(text.slice(pos, pos + 40));
  return m?.[1] ?? '';
}
