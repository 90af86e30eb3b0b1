import type { Detector, RedactionFinding } from '../types';
import { matchesOf } from '../matches';
import { ibanChecksumValid } from '../checksums';

/**
 * IBAN length per country (ISO 13616 registry). The BBAN shape is checked for the countries
 * FirstLine's users are most likely to paste: n digits, a upper-case letters, c letters or digits.
 */
const COUNTRIES: Record<string, { length: number; bban?: string }> = {
  DE: { length: 22, bban: '18n' },
  PL: { length: 28, bban: '24n' },
  RO: { length: 24, bban: '4a16c' },
  AT: { length: 20, bban: '16n' },
  CH: { length: 21, bban: '5n12c' },
  FR: { length: 27, bban: '10n11c2n' },
  GB: { length: 22, bban: '4a14n' },
  NL: { length: 18, bban: '4a10n' },
  ES: { length: 24, bban: '20n' },
  IT: { length: 27, bban: '1a10n12c' },
  AD: { length: 24 },
  AE: { length: 23 },
  AL: { length: 28 },
  AZ: { length: 28 },
  BA: { length: 20 },
  BE: { length: 16 },
  BG: { length: 22 },
  BH: { length: 22 },
  BR: { length: 29 },
  BY: { length: 28 },
  CR: { length: 22 },
  CY: { length: 28 },
  CZ: { length: 24 },
  DK: { length: 18 },
  DO: { length: 28 },
  EE: { length: 20 },
  EG: { length: 29 },
  FI: { length: 18 },
  FO: { length: 18 },
  GE: { length: 22 },
  GI: { length: 23 },
  GL: { length: 18 },
  GR: { length: 27 },
  GT: { length: 28 },
  HR: { length: 21 },
  HU: { length: 28 },
  IE: { length: 22 },
  IL: { length: 23 },
  IQ: { length: 23 },
  IS: { length: 26 },
  JO: { length: 30 },
  KW: { length: 30 },
  KZ: { length: 20 },
  LB: { length: 28 },
  LC: { length: 32 },
  LI: { length: 21 },
  LT: { length: 20 },
  LU: { length: 20 },
  LV: { length: 21 },
  MC: { length: 27 },
  MD: { length: 24 },
  ME: { length: 22 },
  MK: { length: 19 },
  MR: { length: 27 },
  MT: { length: 31 },
  MU: { length: 30 },
  NO: { length: 15 },
  PK: { length: 24 },
  PS: { length: 29 },
  PT: { length: 25 },
  QA: { length: 29 },
  RS: { length: 22 },
  SA: { length: 24 },
  SE: { length: 24 },
  SI: { length: 19 },
  SK: { length: 24 },
  SM: { length: 27 },
  TN: { length: 24 },
  TR: { length: 26 },
  UA: { length: 29 },
  VA: { length: 22 },
  VG: { length: 24 },
  XK: { length: 20 },
};
const GENERIC_MIN = 15;
const GENERIC_MAX = 34;

/** Country code and check digits at a word start; the BBAN is read character by character. */
const IBAN_START = /(?<![\p{L}\p{N}_])([A-Za-z]{2})[ ]?(\d{2})(?=[ ]?[A-Za-z0-9])/gu;

export function ibanDetector(): Detector {
  return (text) => {
    const findings: RedactionFinding[] = [];
    let skipUntil = 0;
    for (const m of matchesOf(text, IBAN_START)) {
      if (m.index < skipUntil) continue;
      const found = ibanAt(text, m.index, m.index + m[0].length, (m[1] ?? '').toUpperCase());
      if (found) {
        findings.push(found);
        skipUntil = found.end;
      }
    }
    return findings;
  };
}

function ibanAt(
  text: string,
  start: number,
  bbanStart: number,
  country: string,
): RedactionFinding | undefined {
  const spec = COUNTRIES[country];
  // Without a known country only an upper-case code counts, so ordinary words stay out.
  if (!spec && text.slice(start, start + 2) !== country) return undefined;
  const maxBban = (spec?.length ?? GENERIC_MAX) - 4;
  const chars = readBban(text, bbanStart, maxBban);
  const lengths = spec ? [spec.length - 4] : range(GENERIC_MIN - 4, maxBban).reverse();
  for (const bbanLength of lengths) {
    const last = chars[bbanLength - 1];
    if (!last || !endsAtBoundary(text, last.index + 1)) continue;
    const bban = chars
      .slice(0, bbanLength)
      .map((c) => c.ch)
      .join('')
      .toUpperCase();
    const iban = country + text.slice(start, bbanStart).replace(/\D/g, '') + bban;
    if (spec?.bban && !matchesShape(bban, spec.bban)) continue;
    if (ibanChecksumValid(iban)) return { kind: 'iban', start, end: last.index + 1 };
  }
  return undefined;
}

/** Up to `max` letters and digits from `pos`, allowing single spaces between them. */
function readBban(text: string, pos: number, max: number): Array<{ ch: string; index: number }> {
  const chars: Array<{ ch: string; index: number }> = [];
  let at = pos;
  while (chars.length < max && at < text.length) {
    const ch = text[at] ?? '';
    if (/[A-Za-z0-9]/.test(ch)) chars.push({ ch, index: at });
    else if (ch !== ' ' || !/[A-Za-z0-9]/.test(text[at + 1] ?? '') || text[at - 1] === ' ') break;
    at++;
  }
  return chars;
}

function endsAtBoundary(text: string, pos: number): boolean {
  return !/[\p{L}\p{N}_]/u.test(text[pos] ?? '');
}

/** "4a16c" means four upper-case letters then sixteen letters or digits. */
export function matchesShape(bban: string, shape: string): boolean {
  const classes: Record<string, string> = { n: '\\d', a: '[A-Z]', c: '[A-Z0-9]' };
  const source = shape.replace(
    /(\d+)([nac])/g,
    (_, count: string, type: string) => `${classes[type]}{${count}}`,
  );
  return new RegExp(`^${source}$`).test(bban);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
