import type { Detector, RedactionFinding } from '../types';
import { matchesOf } from '../matches';
import { type WordLists, normaliseWord, phraseAlternation } from '../word-lists';
import { readCandidate, type Candidate, nextWordAfter } from './candidate';
import { describe, isBenignShape, isOrdinaryWord } from './password-shape';

const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';
/** How the value was introduced; the looser the link, the stronger the value must look. */
type Link = 'colon' | 'connector' | 'indirect-colon' | 'indirect' | 'bare';

interface Patterns {
  keyword: RegExp;
  connector: RegExp;
  weakConnector: RegExp;
  word: RegExp;
  account: RegExp;
}

/** Passwords and PINs announced by a keyword in any of the four languages. */
export function passwordDetector(lists: WordLists): Detector {
  const wordConnectors = lists.connectors.filter((c) => /\p{L}/u.test(c));
  const patterns: Patterns = {
    keyword: new RegExp(`${BEFORE}(?:${phraseAlternation(lists.passwordKeywords)})${AFTER}`, 'giu'),
    connector: new RegExp(`[ \\t]+(?:${phraseAlternation(wordConnectors)})${AFTER}`, 'iuy'),
    weakConnector: new RegExp(`[ \\t]+(?:${phraseAlternation(lists.weakConnectors)})${AFTER}`, 'iuy'),
    word: /[ \t]*([\p{L}\p{N}_.'’-]{1,40})/uy,
    account: new RegExp(
      `${BEFORE}(?:${phraseAlternation(lists.accountKeywords)})${AFTER}[ \\t]*[:=]?[ \\t]*` +
        `[^\\s/|\\\\]{1,100}[ \\t]*[/|\\\\][ \\t]*`,
      'giu',
    ),
  };
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const m of matchesOf(text, patterns.keyword)) {
      const keyword = normaliseWord(m[0].replace(/\s+/g, ' '));
      const found = valueAfterKeyword(text, m.index + m[0].length, keyword, lists, patterns);
      if (found) findings.push({ kind: 'password', start: found.start, end: found.end });
    }
    for (const m of matchesOf(text, patterns.account)) {
      const candidate = readCandidate(text, m.index + m[0].length);
      if (candidate && looksLikePassword(candidate, 'colon', '', text, lists)) {
        findings.push({ kind: 'password', start: candidate.start, end: candidate.end });
      }
    }
    return findings;
  };
}

function valueAfterKeyword(
  text: string,
  pos: number,
  keyword: string,
  lists: WordLists,
  patterns: Patterns,
): Candidate | undefined {
  // Each reading of what follows the keyword is tried in turn: "password to the VPN is X"
  // first reads "to the" as a weak link, rejects "the", then finds "is X" as a qualified link.
  for (const { link, at } of linksAfter(text, pos, lists, patterns)) {
    // "pass" is an everyday verb; only "pass: X" or "pass = X" announces a value.
    if (lists.strictKeywords.has(keyword) && link !== 'colon' && link !== 'indirect-colon') continue;
    const candidate = readCandidate(text, at);
    if (candidate && looksLikePassword(candidate, link, keyword, text, lists)) return candidate;
  }
  return undefined;
}

function* linksAfter(
  text: string,
  pos: number,
  lists: WordLists,
  patterns: Patterns,
): Generator<{ link: Link; at: number }> {
  const direct = readSeparator(text, pos, patterns);
  if (direct) yield { link: direct.link, at: direct.end };
  patterns.weakConnector.lastIndex = pos;
  const weak = patterns.weakConnector.exec(text);
  if (weak) yield { link: 'indirect', at: pos + weak[0].length };
  const qualified = readQualified(text, pos, lists, patterns);
  if (qualified)
    yield { link: qualified.link === 'colon' ? 'indirect-colon' : 'indirect', at: qualified.end };
  if (!direct) yield { link: 'bare', at: pos };
}

function readSeparator(
  text: string,
  pos: number,
  patterns: Patterns,
): { end: number; link: 'colon' | 'connector' } | undefined {
  let at = pos;
  while (at < text.length && at - pos < 3 && (text[at] === ' ' || text[at] === '\t')) at++;
  if (text[at] === ':' || text[at] === '=') return { end: at + 1, link: 'colon' };
  patterns.connector.lastIndex = pos;
  const m = patterns.connector.exec(text);
  if (m) {
    const end = pos + m[0].length;
    // "password: is" is rare; "password is:" is common, so swallow a colon after a connector.
    const colon = /^[ \t]*:/.exec(text.slice(end, end + 4));
    return { end: end + (colon ? colon[0].length : 0), link: colon ? 'colon' : 'connector' };
  }
  return undefined;
}

/** "password for the VPN is X": a qualifier, at most three more words, then a separator. */
function readQualified(
  text: string,
  pos: number,
  lists: WordLists,
  patterns: Patterns,
): { end: number; link: 'colon' | 'connector' } | undefined {
  let at = pos;
  for (let i = 0; i < 4; i++) {
    patterns.word.lastIndex = at;
    const m = patterns.word.exec(text);
    if (!m || !m[1]) return undefined;
    const word = m[1];
    if (i === 0 && !lists.qualifiers.has(normaliseWord(word))) return undefined;
    // Sentence punctuation ends the phrase: "password for SAP. It is ..." is not a link.
    if (/[.,]$/.test(word)) return undefined;
    at += m[0].length;
    const separator = readSeparator(text, at, patterns);
    if (separator) return separator;
  }
  return undefined;
}

function looksLikePassword(
  candidate: Candidate,
  link: Link,
  keyword: string,
  text: string,
  lists: WordLists,
): boolean {
  const value = candidate.value;
  if (isBenignShape(value)) return false;
  const next = normaliseWord(nextWordAfter(text, candidate.end));
  if (lists.numericKeywords.has(keyword)) {
    return /^\d{4,12}$/.test(value) && !lists.units.has(next);
  }
  if (/^\d+$/.test(value)) return link !== 'bare' && value.length >= 4 && !lists.units.has(next);
  if (isOrdinaryWord(value, lists)) return false;
  const shape = describe(value);
  if (link === 'bare') return shape.letter && shape.digit && (shape.symbol || shape.innerUpper);
  if (candidate.quoted) return value.length >= 3;
  if (shape.digit || shape.symbol || shape.innerUpper) return true;
  // A plain word is only a password when it was clearly announced: "password is sunshine".
  return link !== 'indirect' && value.length >= 3;
}
