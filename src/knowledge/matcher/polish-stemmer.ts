// A light stemmer for Polish: strips one inflectional ending from a diacritic-folded word.
// Polish inflection is rich and irregular; an aggressive stemmer needs a dictionary, so this
// only undoes common consonant alternations and removes common case, person and tense endings,
// and leaves the rest to character n-grams.

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
  // -enie nouns: "uprawnienia", "uprawnień", "uprawnieniami", "ustawieniach".
  'eniami',
  'eniach',
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
  // The past tense in the first and second person (-ałem, -iłam, -yłeś): the ł with its vowel, so
  // that "próbowałem", "zgłosiłam" meet "próbować", "zgłosić", and "zespołem" (a noun) keeps its ł.
  ...pastTense(['a', 'e', 'i', 'y', 'u'], ['lem', 'lam', 'les', 'las']),
  ...pastTense(['e', 'i', 'y'], ['la', 'lo', 'li', 'ly']),
  'owalem',
  'owalam',
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
  'ii',
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

function pastTense(vowels: string[], endings: string[]): string[] {
  return vowels.flatMap((vowel) => endings.map((ending) => vowel + ending));
}

const MIN_STEM = 3;

/**
 * Consonant alternations before an ending, undone so that the form meets the others' stem:
 * [pattern, letters to cut, letters to add]. Checked in order; the first match decides.
 */
const ALTERNATIONS: ReadonlyArray<readonly [RegExp, number, string]> = [
  // r → rz before the locative -e: "komputerze", "drukarze".
  [/.{3,}rze$/, 2, ''],
  // k → c before the locative/dative -e: "drukarce", "komórce", "słuchawce", "zakładce", "skrzynce".
  [/.{3,}[rwdzltn]ce$/, 2, 'k'],
  // d → dz before -ie: "w Wordzie".
  [/.{3,}dzie$/, 3, ''],
  // t → c before -ie: "w internecie", "na tablecie", "w pakiecie"; "na koncie", "o kliencie",
  // "na karcie", "w porcie".
  [/.{4,}ecie$/, 3, 't'],
  [/.{2,}[nr]cie$/, 3, 't'],
  // The genitive plural of -enie nouns: "uprawnień", "ustawień" (as "uprawnienia" → "uprawni").
  [/.{4,}ien$/, 2, ''],
  // k, g before the instrumental -iem: "dyskiem", "plikiem", "katalogiem".
  [/.{3,}[kg]iem$/, 3, ''],
  // The past tense, masculine singular: "zgłosił", "włączył", "przestał", "został" (the ł of
  // other -ał words is too often a noun's: portal, terminal, udział; nor "profil", "e-mail").
  [/.{3,}[^fa]il$/, 2, ''],
  [/.{3,}yl$/, 2, ''],
  [/.{2,}stal$/, 2, ''],
  // A fleeting e: "słuchawka" → "słuchawek", "kamerka" → "kamerek", "dodatek" → "dodatku";
  // not -iek ("człowiek", "człowieka").
  [/.{3,}[^i]ek$/, 2, 'k'],
];

/** Stem a lower-case, diacritic-folded Polish word. */
export function stemPolish(word: string): string {
  if (word.length < MIN_STEM + 1) return word;
  // English loanwords ending in a silent e keep it before a Polish ending: "pendrive'a",
  // "iphonea", "onedrive'em" meet "pendrive", "iphone" (stemmed without the e).
  const loan = /^(.{4,})e(?:a|u|em|owi)$/.exec(word);
  if (loan) return loan[1] ?? word;
  for (const [pattern, cut, add] of ALTERNATIONS) {
    if (pattern.test(word)) return word.slice(0, -cut) + add;
  }
  for (const ending of ENDINGS) {
    // Long endings need a longer stem: "hasłem" is hasł+em, not has+łem.
    const minStem = ending.length >= 3 ? MIN_STEM + 1 : MIN_STEM;
    if (word.endsWith(ending) && word.length - ending.length >= minStem) {
      return word.slice(0, -ending.length);
    }
  }
  return word;
}
