import type { RedactionFinding } from './types';
import { type WordLists, normaliseWord, phraseAlternation } from './word-lists';
import { describe, isBenignShape, isOrdinaryWord } from './detectors/password-shape';

/**
 * How a message ended: "my password is" / "Passwort:" announce a value in the next message;
 * "I forgot my password" only mentions the word, so the next message must look like a password.
 */
export type PendingKeyword = { strength: 'announced' | 'mentioned'; numeric: boolean };

export interface SplitMessageRules {
  /** What the end of `text` leaves pending for the next message of the same person, if anything. */
  pendingAfter(text: string): PendingKeyword | undefined;
  /** The secret at the start of `text`, given what the previous message left pending. */
  secretAtStart(text: string, pending: PendingKeyword): RedactionFinding | undefined;
}

export function splitMessageRules(lists: WordLists): SplitMessageRules {
  const keyword = `(${phraseAlternation(lists.passwordKeywords)})`;
  const filler = phraseAlternation([...lists.qualifiers, ...lists.valueFirstFillers]);
  const connector = phraseAlternation(lists.connectors.filter((c) => /\p{L}/u.test(c)));
  // keyword, up to three words ("for the VPN", "mea"), then maybe a connector and a colon, then the end.
  const announced = new RegExp(
    `(?<![\\p{L}\\p{N}_])${keyword}((?:[ \\t]+[\\p{L}\\p{N}_.'’-]{1,30}){0,3}?)` +
      `(?:[ \\t]+(${connector}))?[ \\t]*([:=])?[ \\t.…]*$`,
    'iu',
  );
  const fillerOnly = new RegExp(`^(?:[ \\t]+(?:${filler}))*$`, 'iu');

  return {
    pendingAfter(text) {
      const m = announced.exec(text.trimEnd());
      if (!m) return undefined;
      const kw = normaliseWord((m[1] ?? '').replace(/\s+/g, ' '));
      const words = m[2] ?? '';
      const linked = m[3] !== undefined || m[4] !== undefined;
      // "password for SAP is" announces; "password expired" does not.
      if (!linked && !fillerOnly.test(words)) return undefined;
      if (lists.strictKeywords.has(kw) && m[4] === undefined) return undefined;
      return { strength: linked ? 'announced' : 'mentioned', numeric: lists.numericKeywords.has(kw) };
    },
    secretAtStart(text, pending) {
      const lead = text.length - text.trimStart().length;
      const token = /^\S{1,200}/u.exec(text.slice(lead))?.[0];
      if (!token) return undefined;
      const alone = text.trim() === token;
      const value = alone ? token : token.replace(/[.,;:?)]+$/u, '');
      if (!isSecret(value, alone, pending, lists)) return undefined;
      return { kind: 'password', start: lead, end: lead + value.length };
    },
  };
}

function isSecret(value: string, alone: boolean, pending: PendingKeyword, lists: WordLists): boolean {
  if (value.length === 0 || isBenignShape(value)) return false;
  if (pending.numeric) return /^\d{4,12}$/.test(value);
  if (/^\d+$/.test(value)) return value.length >= 4 && (alone || pending.strength === 'announced');
  if (isOrdinaryWord(value, lists)) return false;
  const shape = describe(value);
  const strong = shape.letter && (shape.digit || shape.symbol || shape.innerUpper);
  // "my password is" + "sunshine" alone is still the password; after "I forgot my password"
  // or inside a longer message only a value that looks like one is taken.
  if (alone && pending.strength === 'announced') return value.length >= 3;
  if (!alone && pending.strength !== 'announced') return false;
  return strong && value.length >= 4;
}
