import type { Detector, RedactionFinding } from '../types';
import { matchesOf } from '../matches';
import { type WordLists, normaliseWord, phraseAlternation } from '../word-lists';
import { nextWordAfter } from './candidate';
import { describe, isBenignShape, isOrdinaryWord } from './password-shape';

const AFTER = '(?![\\p{L}\\p{N}_])';
const MAX_TOKEN = 200;
const QUOTES = /^["'`„“”‚‘’«»]+|["'`„“”‚‘’«»]+$/gu;
const TRAILING = /[.,;:?)\]}>]+$/u;
const LEADING = /^[(<[]+/u;

/**
 * Passwords written before their keyword: "Hunter3!abc is my password", "I typed Winter2024!Berlin
 * as the password", "X ist mein Passwort", "X jako hasło", "X este parola mea".
 */
export function valueFirstPasswordDetector(lists: WordLists): Detector {
  const link = (words: string[]) => phraseAlternation(words);
  const fillers = `(?:(?:${link(lists.valueFirstFillers)})[ \\t]+){0,3}`;
  const keyword = `(${phraseAlternation(lists.passwordKeywords)})${AFTER}`;
  const pattern = new RegExp(
    `(?<=[ \\t])(?:(${link(lists.valueFirstConnectors)})|(${link(lists.asWords)}))[ \\t]+${fillers}${keyword}`,
    'giu',
  );
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const m of matchesOf(text, pattern)) {
      const keywordEnd = m.index + m[0].length;
      const following = normaliseWord(nextWordAfter(text, keywordEnd));
      if (lists.compoundNouns.has(following)) continue;
      const value = tokenBefore(text, m.index);
      if (!value) continue;
      const kw = normaliseWord((m[3] ?? '').replace(/\s+/g, ' '));
      if (looksLikeValue(value, kw, lists)) {
        findings.push({ kind: 'password', start: value.start, end: value.end });
      }
    }
    return findings;
  };
}

interface Token {
  start: number;
  end: number;
  value: string;
  quoted: boolean;
}

/** The whitespace-delimited token that ends just before the spaces before `pos`. */
function tokenBefore(text: string, pos: number): Token | undefined {
  let end = pos;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let start = end;
  while (start > 0 && end - start < MAX_TOKEN && !/\s/.test(text[start - 1] ?? '')) start--;
  const raw = text.slice(start, end);
  const unquoted = raw.replace(QUOTES, '');
  const quoted = unquoted.length < raw.length;
  // Sentence punctuation is kept inside quotes ("'Abc!' is my password") but not outside.
  const lead = quoted ? raw.indexOf(unquoted) : (LEADING.exec(raw)?.[0].length ?? 0);
  const value = quoted ? unquoted : raw.slice(lead).replace(TRAILING, '');
  if (value.length === 0) return undefined;
  return { start: start + lead, end: start + lead + value.length, value, quoted };
}

function looksLikeValue(token: Token, keyword: string, lists: WordLists): boolean {
  const value = token.value;
  if (isBenignShape(value)) return false;
  if (lists.numericKeywords.has(keyword) || /^\d+$/.test(value)) return /^\d{4,12}$/.test(value);
  if (isOrdinaryWord(value, lists)) return false;
  if (token.quoted) return value.length >= 3;
  // A plain word before the keyword is nearly always the subject ("the problem is the password",
  // "problema e parola"), so only a value that looks like a password counts.
  const shape = describe(value);
  return shape.letter && (shape.digit || shape.symbol || shape.innerUpper) && value.length >= 4;
}
