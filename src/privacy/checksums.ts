/** Luhn (mod 10) check used by every payment card network. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * ISO 13616 check: move the first four characters to the end, turn letters into 10..35 and
 * the number must leave remainder 1 when divided by 97. Computed piecewise to stay in safe integers.
 */
export function ibanChecksumValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/** Remainder of the IBAN numeric form (letters as 10..35) divided by 97. */
export function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const ch of alphanumeric) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** BitLocker recovery keys: eight groups of six digits, each group a multiple of 11 below 720896. */
export function bitlockerKeyValid(key: string): boolean {
  const groups = key.split('-');
  if (groups.length !== 8) return false;
  return groups.every((g) => /^\d{6}$/.test(g) && Number(g) % 11 === 0 && Number(g) < 720896);
}

/** Shannon entropy in bits per character; random base64 is near 6, English words near 3. */
export function entropyPerChar(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
