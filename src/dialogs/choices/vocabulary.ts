import type { ChoiceMeaning } from './choice-types';

const words = (list: string): string[] => list.trim().split(/\s+/);

/*
 * Words users answer choices with, in en, de, pl and ro, folded (lower case, no diacritics,
 * no apostrophes). Recognition is language-independent because people mix languages in chat.
 */

const YES = words(`
  yes yep yeah yup ya y sure worked works working fixed solved resolved helped great perfect ja jep jo
  jawohl geklappt klappt funktioniert geht gelost behoben passt tak dziala zadzialalo pomoglo udalo
  naprawione rozwiazane da mers merge functioneaza functionat rezolvat rezolvata
`);
const NO = words(`
  no nope nah n not didnt doesnt dont isnt wont cant never unfortunately sadly nein nee ne nicht
  nichts kein keine leider nie niestety nu na nici pacate
`);
const STOP = words(`
  stop stopp enough quit halt aufhoren genug przestan przerwij koniec wystarczy gata opreste destul renunt
`);
const NONE = words(`
  none neither nothing keines keins keiner nichts zaden zadne zadna zadnej nic niciuna niciunul nimic
`);
/** Words that carry no answer of their own ("it", "still", "thanks"...). */
const FILLER = words(`
  it that this thats its has have did does do still work the step one really yet all at now again i
  think so help thanks thank you ok okay of these them please es das hat hats habe noch immer schon
  doch jetzt mal auch wirklich danke super prima davon bitte von diesen to jeszcze dalej nadal juz
  wciaz sie mi ale bardzo dzieki dziekuje z tych prosze a inca tot sa asta acum este e din multumesc
  mersi bine dintre acestea va rog wieder
`);

/** Ordinals and counting words by position (0 = first). "last" is resolved against the option count. */
const ORDINALS: string[][] = [
  words(`
    first 1st erste erster erstes ersten eins pierwszy pierwsza
    pierwsze pierwszej jeden jedna primul prima unu intai intaia
  `),
  words(`
    second 2nd two zweite zweiter zweites zweiten zwei drugi
    druga drugie drugiej dwa dwie doilea doua doi
  `),
  words(`
    third 3rd three dritte dritter drittes dritten drei
    trzeci trzecia trzecie trzeciej trzy treilea treia trei
  `),
  words(`
    fourth 4th four vierte vierter viertes vierten vier
    czwarty czwarta czwarte czwartej cztery patrulea patra patru
  `),
  words(`
    fifth 5th five funfte funfter funftes funften funf
    piaty piata piate piatej piec cincilea cincea cinci
  `),
];
const LAST = words(`
  last letzte letzter letztes letzten ostatni ostatnia ostatnie ostatniej ultimul ultima
`);
/** "one" only counts as "the first" when nothing else in the message is an ordinal ("the second one"). */
const WEAK_FIRST = ['one'];
const ORDINAL_FILLER = words(`
  the option number nr no choice answer i take want pick choose please der die das den nummer punkt
  antwort ich nehme mochte will wahle bitte ten ta to opcja opcje opcji numer odpowiedz wybieram
  poprosze chce prosze al a optiunea varianta numarul vreau aleg va rog pe cea cel
`);

const MEANING_WORDS: Record<ChoiceMeaning, ReadonlySet<string>> = {
  yes: new Set(YES),
  no: new Set(NO),
  stop: new Set(STOP),
  none: new Set(NONE),
};
const FILLER_WORDS = new Set(FILLER);
const ORDINAL_INDEX = new Map<string, number>(
  ORDINALS.flatMap((words, i) => words.map((w) => [w, i] as const)),
);
const LAST_WORDS = new Set(LAST);
const ORDINAL_FILLER_WORDS = new Set(ORDINAL_FILLER);

/**
 * The meaning of a short answer made only of answer words and fillers ("no, still not working",
 * "tak, działa"). Any negation wins over "yes" words, so "funktioniert nicht" is a no.
 * Messages with other words ("the printer doesn't print") have no meaning: they may be a new problem.
 */
export function meaningOf(tokens: readonly string[]): ChoiceMeaning | undefined {
  if (tokens.length === 0) return undefined;
  const known = (t: string) => FILLER_WORDS.has(t) || Object.values(MEANING_WORDS).some((set) => set.has(t));
  if (!tokens.every(known)) return undefined;
  const has = (meaning: ChoiceMeaning) => tokens.some((t) => MEANING_WORDS[meaning].has(t));
  if (has('stop')) return 'stop';
  if (has('none') && !has('yes')) return 'none';
  if (has('no')) return 'no';
  if (has('yes')) return 'yes';
  return undefined;
}

/** The 0-based position named by a short answer ("2", "the second one", "a doua"), if any. */
export function ordinalOf(tokens: readonly string[], optionCount: number): number | undefined {
  if (tokens.length === 0) return undefined;
  const positions = new Set<number>();
  let weak = false;
  for (const token of tokens) {
    if (/^\d{1,2}$/.test(token)) positions.add(Number(token) - 1);
    else if (ORDINAL_INDEX.has(token)) positions.add(ORDINAL_INDEX.get(token) ?? -1);
    else if (LAST_WORDS.has(token)) positions.add(optionCount - 1);
    else if (WEAK_FIRST.includes(token)) weak = true;
    else if (!ORDINAL_FILLER_WORDS.has(token)) return undefined;
  }
  if (positions.size === 0 && weak) positions.add(0);
  const [position] = [...positions];
  if (positions.size !== 1 || position === undefined) return undefined;
  return position >= 0 && position < optionCount ? position : undefined;
}

/** The words of a message that say something, without fillers like "the", "one", "please". */
export function contentWords(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !FILLER_WORDS.has(t) && !ORDINAL_FILLER_WORDS.has(t));
}

/** Whether a word answers by itself (yes, no, stop, none words): it never tells options apart. */
export function isAnswerWord(token: string): boolean {
  return Object.values(MEANING_WORDS).some((set) => set.has(token));
}
