import { newStemmer } from 'snowball-stemmers';

// The Snowball Romanian stemmer, with the noun forms it leaves apart brought together. Snowball
// reads one word at a time and strips each ending on its own; Romanian adds the definite article,
// case and plural endings to a noun (parolă, parola, parolei; cont, conturi), so that several
// forms of one noun end on different stems. Words arrive diacritic-folded (ă → a, ț → t).

const snowball = newStemmer('romanian');

/** Longest words the genitive/plural rules below reach for are content words; short ones are function words. */
const MIN_GENITIVE = 6;
const MIN_NEUTER_PLURAL_STEM = 6;

/** Rewrite a form whose ending Snowball does not know into the form it does. */
function regularForm(word: string): string {
  // Feminine genitive-dative "-ei" (parolei, imprimantei, echipei) to its article form (parola).
  if (word.endsWith('ei') && word.length >= MIN_GENITIVE) return `${word.slice(0, -2)}a`;
  // Plural and genitive of "-are" nouns (setări, actualizării) to the singular (setare).
  const are = /ar(ii|ilor|ile|i)$/.exec(word);
  if (are && word.length - are[0].length >= 4) return `${word.slice(0, -are[0].length)}are`;
  return word;
}

/**
 * An abbreviation with the article or plural written on (vpnul, pc-ul as pcul, pdf-urile): Snowball
 * needs vowels to find an ending, so these kept it. Letters without vowels, or "usb".
 */
const ABBREVIATION_WITH_ENDING = /^([b-df-hj-np-tv-z]{2,4}|usb)(ul|ului|uri|urile|urilor)$/;

/** Stem a lower-case, diacritic-folded Romanian word. */
export function stemRomanian(word: string): string {
  const abbreviation = ABBREVIATION_WITH_ENDING.exec(word);
  if (abbreviation) return abbreviation[1] ?? word;
  let result = snowball.stem(regularForm(word));
  // Neuter plurals in "-uri" (conturi, drepturi, laptopuri) keep "ur" on the stem their singular
  // lacks; "-ură" nouns (tastatură, factură) lose it in every form alike.
  if (result.endsWith('ur') && result.length >= MIN_NEUTER_PLURAL_STEM) result = result.slice(0, -2);
  // Plurals in "-oane" (telefoane) to the stem of the singular (telefon).
  if (result.endsWith('oan')) result = `${result.slice(0, -3)}on`;
  return result;
}
