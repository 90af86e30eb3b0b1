import type { Lang } from '../../i18n/languages';

/**
 * Words and phrases that signal frustration, per language, written folded (lower case, no
 * diacritics, no apostrophes) because that is how messages are compared. A trailing `*` matches
 * any ending (Polish and Romanian inflect). Phrases match whole words only, so "hello" never
 * matches "hell" and "Scunthorpe" stays clean. Kept short on purpose: a false alarm offers a
 * person to someone who is fine, which is cheap, but a long list would fire on ordinary words.
 */
export interface FrustrationLexicon {
  /** "It still doesn't work" after the bot's suggestions. */
  stillBroken: string[];
  /** Swearing and cursing. */
  swearing: string[];
  /** Calling the bot or the help useless. */
  useless: string[];
  /** Saying this keeps happening ("the third time", "again and again"). */
  repeated: string[];
  /** Outrage ("ridiculous", "a disaster"): strong in a message of any length, unlike "useless". */
  outrage: string[];
}

export const LEXICON: Record<Lang, FrustrationLexicon> = {
  en: {
    stillBroken: [
      'still doesnt work',
      'still does not work',
      'still not working',
      'still isnt working',
      'still broken',
      'still the same',
      'still nothing',
      'still no luck',
      'still failing',
      'didnt help',
      'did not help',
      'same problem again',
      'nothing works',
      'nothing is working',
    ],
    swearing: [
      'fuck*',
      'shit',
      'shitty',
      'bullshit',
      'damn',
      'damnit',
      'goddamn*',
      'crap',
      'crappy',
      'wtf',
      'ffs',
      'bloody hell',
    ],
    useless: [
      'useless',
      'pointless',
      'worthless',
      'waste of time',
      'stupid bot',
      'dumb bot',
      'you are not helping',
      'youre not helping',
    ],
    repeated: [
      'third time',
      'fourth time',
      'fifth time',
      'again and again',
      'over and over',
      'every single time',
      'how many times',
      'for the hundredth time',
      'yet again',
    ],
    outrage: ['ridiculous', 'unacceptable', 'a joke', 'disaster'],
  },
  de: {
    stillBroken: [
      'geht immer noch nicht',
      'funktioniert immer noch nicht',
      'klappt immer noch nicht',
      'immer noch nicht',
      'noch immer nicht',
      'geht trotzdem nicht',
      'hat nicht geholfen',
      'hilft nicht',
      'immer noch dasselbe',
      'immer noch das gleiche',
      'nichts funktioniert',
      'nichts geht',
    ],
    swearing: ['scheisse', 'scheiss*', 'verdammt*', 'kacke', 'verflucht*', 'so ein mist', 'fick*'],
    useless: [
      'nutzlos*',
      'sinnlos*',
      'unbrauchbar*',
      'bringt nichts',
      'bringt gar nichts',
      'zeitverschwendung',
      'dummer bot',
      'blöder bot',
      'bloder bot',
    ],
    repeated: [
      'dritte mal',
      'dritten mal',
      'vierte mal',
      'vierten mal',
      'immer wieder',
      'schon wieder',
      'wie oft noch',
    ],
    outrage: ['katastrophe', 'lacherlich', 'inakzeptabel', 'unverschamt'],
  },
  pl: {
    stillBroken: [
      'nadal nie dziala',
      'dalej nie dziala',
      'wciaz nie dziala',
      'ciagle nie dziala',
      'dalej to samo',
      'nadal to samo',
      'wciaz to samo',
      'nie pomoglo',
      'nic nie pomoglo',
      'nic nie dziala',
      'znowu to samo',
    ],
    swearing: [
      'kurwa',
      'kurwy',
      'kurde',
      'pierdol*',
      'wkurw*',
      'cholera',
      'chuj*',
      'szlag',
      'jasna cholera',
      'spierdal*',
      'zajebane',
    ],
    useless: [
      'bezuzyteczn*',
      'bez sensu',
      'do niczego',
      'strata czasu',
      'glupi bot',
      'beznadziejn*',
      'nie pomagasz',
    ],
    repeated: [
      'trzeci raz',
      'po raz trzeci',
      'czwarty raz',
      'po raz czwarty',
      'kolejny raz',
      'po raz kolejny',
      'znowu i znowu',
      'ile razy',
    ],
    outrage: ['porazka', 'zenada', 'skandal*', 'katastrofa'],
  },
  ro: {
    stillBroken: [
      'tot nu merge',
      'tot nu functioneaza',
      'inca nu merge',
      'inca nu functioneaza',
      'nici acum nu merge',
      'tot la fel',
      'nu a ajutat',
      'nu ma ajutat',
      'nu m a ajutat',
      'nimic nu merge',
      'aceeasi problema',
    ],
    swearing: [
      'dracu',
      'dracului',
      'naiba',
      'la naiba',
      'rahat',
      'cacat',
      'futu ti',
      'mortii',
      'ce porcarie',
      'porcarie',
    ],
    useless: [
      'inutil',
      'inutila',
      'inutile',
      'degeaba',
      'pierdere de timp',
      'bot prost',
      'nu ajuti',
      'nu ma ajuti',
    ],
    repeated: ['a treia oara', 'a patra oara', 'iar si iar', 'de cate ori', 'din nou si din nou'],
    outrage: ['inacceptabil', 'bataie de joc', 'penibil', 'dezastru', 'catastrofa'],
  },
};
