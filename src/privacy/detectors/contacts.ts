import type { Detector, RedactionFinding } from '../types';
import { matchesOf } from '../matches';

/** Only when the policy asks for it (PRIVACY_REDACT_EMAIL): e-mail addresses are personal data, not secrets. */
const EMAIL =
  /(?<![\p{L}\p{N}_.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\p{L}\p{N}_-])/gu;

/**
 * Phone numbers as people write them: "+49 171 2345678", "0171/2345678", "(555) 123-4567",
 * "601 234 567". Dots are no separator here, so IP addresses and version numbers stay out.
 */
const PHONE =
  /(?<![\p{L}\p{N}_.,+/:\\-])(?:\+\d{1,3}[ -]?)?(?:\(\d{1,5}\)[ -]?)?\d{2,5}(?:[ /-]?\d{2,5}){1,4}(?![\p{L}\p{N}_.-])/gu;
const DATE = /^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}-\d{1,2}-\d{4}$|^\d{4}\/\d{1,2}\/\d{1,5}$/;

export function emailDetector(): Detector {
  return (text) => matchesOf(text, EMAIL).map((m) => span('email-address', m.index, m[0]));
}

export function phoneDetector(): Detector {
  return (text) => {
    const findings: RedactionFinding[] = [];
    for (const m of matchesOf(text, PHONE)) {
      const number = m[0];
      const digits = number.replace(/\D/g, '');
      if (digits.length < 7 || digits.length > 15 || DATE.test(number)) continue;
      // A bare run of digits is an id or an amount unless it is dialled like a phone number.
      const dialled = /^[+(0]/.test(number) || /^\d{3}[ -]\d{3}[ -]\d{4}$/.test(number);
      if (dialled) findings.push(span('phone-number', m.index, number));
    }
    return findings;
  };
}

function span(kind: RedactionFinding['kind'], start: number, value: string): RedactionFinding {
  return { kind, start, end: start + value.length };
}
