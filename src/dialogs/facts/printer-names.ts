/*
 * Which printer the user means, as they wrote it: an asset label ("PRN-3-12"), a model with its
 * maker ("HP LaserJet Pro M404dn", "Kyocera ECOSYS M2540dn") or a name with a number right after
 * the word printer in en, de, pl or ro ("printer 3B", "Drucker OG2-07", "drukarka K-12").
 */

/** Asset labels as service desks print them: PRN-3-12, PRT0042, DRU-OG2-07, IMP-12. */
const ASSET_LABEL = /\b(?:PRN|PRT|PRINT|DRU|DRK|IMP)[-_]?[A-Z]{0,3}\d[\w-]*/i;

/** Printer makers followed by a model that contains a digit, up to three words later. */
const MODEL =
  /\b(?:HP\s+(?:Color\s+)?(?:LaserJet|OfficeJet|DeskJet|PageWide|ENVY|Smart\s+Tank)|Canon|Brother|Epson|Kyocera|Ricoh|Xerox|Lexmark|Konica(?:\s+Minolta)?|Sharp\s+MX)(?:\s+[\w-]+){0,3}?\s+[A-Za-z-]*\d[\w-]*/i;

/** "printer 3B", "Drucker OG2-07", "drukarka K-12", "imprimanta IMP12": a name with a digit. */
const NAMED =
  /\b(?:printer|drucker|drukark\p{L}*|imprimant\p{L}*)\s+(?:(?:nr\.?|no\.?|number|nummer|numer|numărul)\s*)?([A-Za-z]{0,4}[-_]?\d[\w-]*)/iu;

const MAX_NAME = 60;

/** The printer named in `text`, as written; undefined when none is. */
export function findPrinterName(text: string): string | undefined {
  const found = ASSET_LABEL.exec(text)?.[0] ?? MODEL.exec(text)?.[0] ?? NAMED.exec(text)?.[1] ?? undefined;
  const name = found?.replace(/[-_.]+$/, '').trim();
  return name && name.length <= MAX_NAME ? name : undefined;
}
