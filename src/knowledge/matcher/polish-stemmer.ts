// A light stemmer for Polish: strips one inflectional ending from a diacritic-folded word.
// Polish inflection is rich and irregular; an aggressive stemmer needs a dictionary, so this
// only removes common case, person and tense endings and leaves the rest to character n-grams.

// Longest first so that e.g. "ami" wins over "i". Endings are diacritic-folded (ą→a, ę→e, ł→l).
const ENDINGS = [
  'lismy',
  'liscie',
  'lysmy',
  'lyscie',
  'owania',
  'owanie',
  'owaniu',
  'owaniem',
  'ujemy',
  'ujecie',
  'ujesz',
  'aniem',
  'eniem',
  'aniu',
  'eniu',
  'ania',
  'enia',
  'anie',
  'enie',
  'owac',
  'owal',
  'owala',
  'owali',
  'owaly',
  'owalo',
  'acie',
  'ecie',
  'icie',
  'ycie',
  'ami',
  'ach',
  'ymi',
  'imi',
  'ego',
  'emu',
  'owi',
  'owie',
  'ych',
  'ich',
  'amy',
  'emy',
  'imy',
  'ymy',
  'asz',
  'esz',
  'isz',
  'ysz',
  'lem',
  'lam',
  'les',
  'las',
  'alo',
  'ala',
  'ali',
  'aly',
  'uja',
  'uje',
  'ow',
  'om',
  'em',
  'am',
  'ej',
  'ym',
  'im',
  'ac',
  'ec',
  'ic',
  'yc',
  'ie',
  'ia',
  'io',
  'iu',
  'a',
  'e',
  'i',
  'o',
  'u',
  'y',
].sort((x, y) => y.length - x.length);

const MIN_STEM = 3;

/** Stem a lower-case, diacritic-folded Polish word. */
export function stemPolish(word: string): string {
  if (word.length < MIN_STEM + 1) return word;
  // "komputerze", "drukarce": locative softening (r→rz, k→c) would otherwise split the stem.
  if (word.endsWith('rze') && word.length - 2 >= MIN_STEM + 1) return word.slice(0, -2);
  // The same softening after -k- ("drukarka" → "drukarce", "komórka" → "komórce") and -d-
  // ("Word" → "w Wordzie"): back to the stem the other cases have.
  if (word.endsWith('rce') && word.length >= MIN_STEM + 3) return `${word.slice(0, -2)}k`;
  if (word.endsWith('dzie') && word.length - 3 >= MIN_STEM + 1) return word.slice(0, -3);
  // A fleeting e: "słuchawka" → "słuchawek", "kamerka" → "kamerek", "dodatek" → "dodatku".
  if (word.endsWith('ek') && !word.endsWith('iek') && word.length - 2 >= MIN_STEM + 1)
    return `${word.slice(0, -2)}k`;
  for (const ending of ENDINGS) {
    // Long endings need a longer stem: "hasłem" is hasł+em, not has+łem.
    const minStem = ending.length >= 3 ? MIN_STEM + 1 : MIN_STEM;
    if (word.endsWith(ending) && word.length - ending.length >= minStem) {
      return word.slice(0, -ending.length);
    }
  }
  return word;
}
