import type { Detector, RedactionFinding, SecretKind } from '../types';
import { matchesOf } from '../matches';
import { bitlockerKeyValid, entropyPerChar } from '../checksums';
import { type WordLists, phraseAlternation } from '../word-lists';

/** Token characters: a match may only start where the previous character is not one of them. */
const B = '(?<![A-Za-z0-9_+/=-])';
const E = '(?![A-Za-z0-9_-])';

/** Formats issued by well-known services; each is distinctive enough to need no keyword. */
const KNOWN_FORMATS: ReadonlyArray<{ kind: SecretKind; pattern: RegExp }> = [
  { kind: 'api-key', pattern: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,400}${E}`, 'g') },
  { kind: 'api-key', pattern: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,200}${E}`, 'g') },
  { kind: 'token', pattern: new RegExp(`${B}gh[pousr]_[A-Za-z0-9]{36,255}${E}`, 'g') },
  { kind: 'token', pattern: new RegExp(`${B}github_pat_[A-Za-z0-9_]{22,255}${E}`, 'g') },
  { kind: 'token', pattern: new RegExp(`${B}glpat-[A-Za-z0-9_-]{20,100}${E}`, 'g') },
  { kind: 'api-key', pattern: new RegExp(`${B}(?:AKIA|ASIA)[0-9A-Z]{16}${E}`, 'g') },
  { kind: 'token', pattern: new RegExp(`${B}xox[abprs]-[A-Za-z0-9-]{10,250}${E}`, 'g') },
  { kind: 'api-key', pattern: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g') },
  { kind: 'token', pattern: new RegExp(`${B}ya29\\.[0-9A-Za-z_-]{20,2000}${E}`, 'g') },
  { kind: 'token', pattern: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g') },
  {
    kind: 'token',
    pattern: new RegExp(
      `${B}eyJ[A-Za-z0-9_-]{5,8000}\\.eyJ[A-Za-z0-9_-]{5,8000}\\.[A-Za-z0-9_-]{0,8000}`,
      'g',
    ),
  },
];

/** Secrets written as `Name=value`, as in Azure and SQL connection strings and SAS URLs. */
const ASSIGNED: ReadonlyArray<{ kind: SecretKind; pattern: RegExp }> = [
  {
    kind: 'api-key',
    pattern:
      /(?<![A-Za-z])(?:AccountKey|SharedAccessKey|PrimaryKey|SecondaryKey)\s*=\s*([A-Za-z0-9+/]{16,400}={0,2})/gi,
  },
  {
    kind: 'token',
    pattern: /(?<![A-Za-z])(?:SharedAccessSignature\s*=\s*|[?&]sig=)([A-Za-z0-9%+/=_-]{16,400})/gi,
  },
];

const BEARER = /(?<![A-Za-z])Bearer\s+([A-Za-z0-9._~+/-]{16,4000}=*)/gi;
const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;
const BITLOCKER = /(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])/g;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function knownFormatDetector(): Detector {
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const { kind, pattern } of KNOWN_FORMATS) {
      for (const m of matchesOf(text, pattern)) findings.push(spanOf(kind, m.index, m[0]));
    }
    for (const { kind, pattern } of ASSIGNED) {
      for (const m of matchesOf(text, pattern)) findings.push(groupSpan(kind, m));
    }
    for (const m of matchesOf(text, BEARER)) {
      if (/\d/.test(m[1] ?? '') || (m[1]?.length ?? 0) >= 24) findings.push(groupSpan('token', m));
    }
    for (const m of matchesOf(text, BITLOCKER)) {
      // Microsoft calls this a "recovery password": it unlocks the whole disk.
      if (bitlockerKeyValid(m[0])) findings.push(spanOf('password', m.index, m[0]));
    }
    return findings;
  };
}

/** PEM private keys; a paste cut off before the END line is removed to the end of the text. */
export function privateKeyDetector(): Detector {
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const m of matchesOf(text, PEM_BEGIN)) {
      if (findings.some((f) => m.index < f.end)) continue;
      const endMarker = `-----END ${m[1]}-----`;
      const end = text.indexOf(endMarker, m.index + m[0].length);
      findings.push({
        kind: 'private-key',
        start: m.index,
        end: end < 0 ? text.length : end + endMarker.length,
      });
      if (end < 0) break;
    }
    return findings;
  };
}

/** A long random-looking value after "key", "token", "secret", "Schlüssel", "klucz", "cheie"... */
export function genericKeyDetector(lists: WordLists, minLength: number): Detector {
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])(${phraseAlternation(lists.keyKeywords)})(?![\\p{L}\\p{N}_])` +
      `[^\\S\\n]*(?:[:=]|\\s(?:is|ist|lautet|to|jest|este|e)\\b:?)?[^\\S\\n]*["'\`„“]?` +
      `([A-Za-z0-9+/=_.~-]{${minLength},2000})`,
    'giu',
  );
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const m of matchesOf(text, pattern)) {
      // A full stop after the value ends the sentence; base64 padding (=) belongs to the value.
      const value = (m[2] ?? '').replace(/\.+$/, '');
      if (!looksRandom(value)) continue;
      const start = m.index + m[0].length - (m[2]?.length ?? 0);
      const kind: SecretKind = /token/i.test(m[1] ?? '') ? 'token' : 'api-key';
      findings.push({ kind, start, end: start + value.length });
    }
    return findings;
  };
}

/** Random strings mix letters and digits and use many distinct characters; GUIDs are ids, not secrets. */
function looksRandom(value: string): boolean {
  if (GUID.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) return false;
  return entropyPerChar(value) >= 3.5;
}

function spanOf(kind: SecretKind, start: number, value: string): RedactionFinding {
  return { kind, start, end: start + value.length };
}

function groupSpan(kind: SecretKind, m: RegExpExecArray | RegExpMatchArray): RedactionFinding {
  const group = m[1] ?? '';
  const start = (m.index ?? 0) + m[0].length - group.length;
  return { kind, start, end: start + group.length };
}
