/** Longest address SMTP allows (RFC 5321 path limit less the angle brackets). */
const MAX_LENGTH = 254;
/**
 * A deliberately plain shape: one @, a local part without spaces or angle brackets, and a domain
 * of dot-separated labels ending in a letter-only top-level label. Mail servers decide the rest.
 */
const SHAPE = /^[^\s@<>()[\]\\,;:"]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** The address written in `text` (trimmed, domain lower-cased), or undefined when it is not one. */
export function parseEmailAddress(text: string): string | undefined {
  const candidate = text
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .replace(/[.,;!]+$/, '');
  if (candidate.length > MAX_LENGTH || !SHAPE.test(candidate)) return undefined;
  const at = candidate.lastIndexOf('@');
  return `${candidate.slice(0, at)}@${candidate.slice(at + 1).toLowerCase()}`;
}

/** The first address found anywhere in `text` ("it's ada@example.com, thanks"). */
export function findEmailAddress(text: string): string | undefined {
  for (const word of text.split(/\s+/)) {
    const found = word.includes('@') ? parseEmailAddress(word) : undefined;
    if (found) return found;
  }
  return undefined;
}
