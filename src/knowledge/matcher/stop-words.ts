import type { Lang } from '../../i18n/languages';

// Function words only (articles, pronouns, auxiliaries, prepositions, question words, fillers).
// Stored diacritic-free because they are compared with folded tokens.
const EN = `a about above after again all also am an and any are as at be because been before being below
between both but by can could did do does doing done during each else even ever few for from further
get gets getting got had has have having he her here hers him his how i if in into is it its itself just
let lets like me mine more most my myself no nor not now of on once only or other our ours own
please same she should so some still such than thank thanks that the their theirs them then there these they
this those through to too under until upon us very via was we were what when where which while who whom
why will with would yet you your yours hi hello hey pls plz ok okay im ive id dont cant wont doesnt isnt
s t d ll m re ve hmm hm um uh ah oh eh lol`;

const DE = `aber alle allem allen aller alles als also am an auch auf aus bei beim bin bis bitte bist da dabei
damit dann das dass dein deine deinem deinen deiner dem den denn der des dich die dies diese diesem diesen
dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas euch euer fur gegen gibt
hab habe haben hallo hat hatte hier ich ihm ihn ihr ihre im in ins ist ja jetzt kann kannst konnen konnte
man mein meine meinem meinen meiner mich mir mit muss nach nicht noch nun nur ob oder ohne sein seine sich
sie sind so soll sollte uber um und uns unser unsere unter vom von vor war waren warum was weil wenn wer
werden wie wieder wir wird wo zu zum zur danke hi hey mal schon sehr eben halt guten morgen abend`;

const PL = `a aby albo ale bardzo bez by byc byl byla bylo byly chce ci co czy dla do dzien dobry go ich
ja jak jaki jakie jest jestem jeszcze jego jej jesli juz ktora ktore ktory ktorzy lub ma mam mi mnie moge
moj moja moje mozna musze na nad nam nas nic nie niz no o od on ona one oni oraz po pod prosze przez przy
sa sie siebie sobie tak tam ten to tu tylko twoj ty u w we wiec wy z za ze zeby czesc hej dzieki dziekuje
mi moze co jak gdzie kiedy`;

const RO = `a acea aceasta aceea acel acest acesta al ale alt am ar are as asa asta atat au avea avem aveti
ca cand care ce cel cea cei cele cu cum da daca de deci din dintr dintre doar dupa e ea ei el ele eu fara
fi fie fost i ii il in ins insa intr intre iar imi ma mai mea meu mi mie mult multumesc n ne nici noi nu
o ori pe pentru poate pot prin sa sau se si sunt suntem sus ta te tu un una unde unei unui va voi vreau
salut buna ziua va rog`;

function toSet(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

const STOP_WORDS: Record<Lang, ReadonlySet<string>> = {
  en: toSet(EN),
  de: toSet(DE),
  pl: toSet(PL),
  ro: toSet(RO),
};

/** True when a folded token is a function word of the given language. */
export function isStopWord(folded: string, lang: Lang): boolean {
  return STOP_WORDS[lang].has(folded);
}

/** True when a folded token is a function word in any supported language (no topical evidence). */
export function isStopWordAnywhere(folded: string): boolean {
  for (const lang of Object.keys(STOP_WORDS) as Lang[]) if (STOP_WORDS[lang].has(folded)) return true;
  return false;
}
