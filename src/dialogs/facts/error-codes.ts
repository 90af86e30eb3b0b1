/*
 * Error codes people paste or type: Windows/Office HRESULTs (0x8007000d), stop codes
 * (CRITICAL_PROCESS_DIED), Teams and Entra sign-in codes (CAA20002, AADSTS50076) and HTTP-like
 * numbers after an "error" word in any of the four languages ("Fehler 403", "błąd 500").
 */

const HEX = /\b0x[0-9a-f]{8}\b/gi;
const STOP_CODE = /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+){1,6}\b/g;
/** Lower-case stop codes only count when they end like one, so snake_case file names do not. */
const LOWER_STOP_CODE =
  /\b[a-z][a-z0-9]+(?:_[a-z0-9]+){1,6}_(?:died|failure|exception|equal|violation|fault|handled|error|corruption|mismatch)\b/gi;
const PREFIXED = /\b(?:caa[0-9a-f]{5}|aadsts\d{5,6}|err_[a-z_]+)\b/gi;
/** "error 403", "Fehlercode: 0x...", "błąd nr 500", "eroarea 1603", "HTTP 502". */
const NUMBERED =
  /\b(?:error|err|code|status|http|fehler|fehlercode|fehlernummer|kod|kodem|kodu|blad|bledu|bledem|eroare|eroarea|cod|codul)(?:\s+(?:code|nr|no|number|nummer|numer|numarul))?\s*[:#]?\s*(\d{3,5})\b/gi;

export interface FoundCode {
  code: string;
  index: number;
}

/** Every error code in the text with its position, normalised (hex and stop codes upper case). */
export function findErrorCodes(text: string): FoundCode[] {
  const found: FoundCode[] = [];
  for (const m of text.matchAll(HEX))
    found.push({ code: `0x${m[0].slice(2).toUpperCase()}`, index: m.index });
  for (const re of [STOP_CODE, LOWER_STOP_CODE, PREFIXED]) {
    for (const m of text.matchAll(re)) found.push({ code: m[0].toUpperCase(), index: m.index });
  }
  // The error words are matched on folded text ("błąd" → "blad"); folding keeps positions for these scripts.
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[łŁ]/g, 'l');
  const shift = folded.length === text.length;
  for (const m of folded.matchAll(NUMBERED)) {
    const digits = m[1] ?? '';
    found.push({ code: digits, index: shift ? m.index : 0 });
  }
  return dedupe(found.sort((a, b) => a.index - b.index));
}

function dedupe(codes: FoundCode[]): FoundCode[] {
  const seen = new Set<string>();
  return codes.filter((c) => {
    // A stop code inside a longer one ("ERR_" inside "ERR_CONNECTION_REFUSED") is the same mention.
    if (seen.has(c.code)) return false;
    seen.add(c.code);
    return true;
  });
}
