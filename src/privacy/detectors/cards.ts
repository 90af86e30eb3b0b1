import type { Detector, RedactionFinding } from '../types';
import { matchesOf } from '../matches';
import { luhnValid } from '../checksums';

/**
 * Digits in groups separated by single spaces or dashes. A run never starts after a sign,
 * decimal point, slash, colon or letter, so phone numbers (+49 ...), amounts and ids stay out.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}_.,+/:\\-])\+?\d+(?:[ -]\d+)*/gu;
const DIGITS = /\d+/g;
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

interface Group {
  start: number;
  end: number;
  digits: string;
}

/** Payment card numbers: 13 to 19 digits, Luhn-valid, by default with a known issuer prefix. */
export function cardDetector(requireKnownIssuer: boolean): Detector {
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const m of matchesOf(text, DIGIT_RUN)) {
      // The whole run is an international phone number, however its digits are grouped.
      if (m[0].startsWith('+')) continue;
      const groups = splitGroups(m[0], m.index);
      // A last group glued to letters ("1234ABC") is part of a serial number, not of a card.
      if (/[\p{L}_]/u.test(text[m.index + m[0].length] ?? '')) groups.pop();
      findings.push(...cardsInRun(groups, requireKnownIssuer));
    }
    return findings;
  };
}

function splitGroups(run: string, offset: number): Group[] {
  const groups: Group[] = [];
  for (const g of matchesOf(run, DIGITS)) {
    groups.push({ start: offset + g.index, end: offset + g.index + g[0].length, digits: g[0] });
  }
  return groups;
}

/** The longest card number starting at each group, so "4111 1111 1111 1111 123" finds the card. */
function cardsInRun(groups: Group[], requireKnownIssuer: boolean): RedactionFinding[] {
  const findings: RedactionFinding[] = [];
  let i = 0;
  while (i < groups.length) {
    const end = longestCardFrom(groups, i, requireKnownIssuer);
    if (end === undefined) {
      i++;
      continue;
    }
    findings.push({ kind: 'card-number', start: groups[i]!.start, end: groups[end]!.end });
    i = end + 1;
  }
  return findings;
}

function longestCardFrom(groups: Group[], from: number, requireKnownIssuer: boolean): number | undefined {
  const lengths: number[] = [];
  let total = 0;
  for (let j = from; j < groups.length; j++) {
    const group = groups[j]!;
    // Cards are printed in blocks of 3 to 6; "22 11 2026" style groups are dates and codes.
    if (j > from && group.digits.length < 3) break;
    if (j === from + 1 && groups[from]!.digits.length < 3) break;
    total += group.digits.length;
    if (total > MAX_DIGITS) break;
    lengths.push(total);
  }
  for (let k = lengths.length - 1; k >= 0; k--) {
    if (lengths[k]! < MIN_DIGITS) break;
    const digits = groups
      .slice(from, from + k + 1)
      .map((g) => g.digits)
      .join('');
    if (isCardNumber(digits, requireKnownIssuer)) return from + k;
  }
  return undefined;
}

export function isCardNumber(digits: string, requireKnownIssuer = true): boolean {
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS || !luhnValid(digits)) return false;
  return !requireKnownIssuer || hasKnownIssuer(digits);
}

/** Issuer prefix and the lengths that network uses; IMEIs (15 digits, 35...) fail here. */
export function hasKnownIssuer(digits: string): boolean {
  const len = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return len === 13 || len === 16 || len === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16; // Mastercard
  if (p4 >= 2200 && p4 <= 2204) return len >= 16 && len <= 19; // Mir
  if (p2 === 34 || p2 === 37) return len === 15; // American Express
  if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19; // JCB
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) return len >= 14 && len <= 19; // Diners
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return len >= 16 && len <= 19; // Discover
  if (p2 === 62 || p2 === 81) return len >= 16 && len <= 19; // UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return len >= 12 && len <= 19; // Maestro
  return false;
}
