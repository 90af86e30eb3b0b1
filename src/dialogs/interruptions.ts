import type { Activity } from 'botbuilder';
import { submittedChoice, tokens } from './choices/recognise-choice';

export type Interruption = 'help' | 'restart' | 'human' | 'greeting';

/** Card buttons that ask for a person send this value, wherever the card came from. */
export const HUMAN_CHOICE = 'human';

const words = (list: string): Set<string> => new Set(list.trim().split(/\s+/));
// Politeness and "I want to..." around a request do not change it.
const FILLER = words('please bitte prosze va rog the i want to me can you could');
const phraseOf = (text: string): string =>
  tokens(text)
    .filter((t) => !FILLER.has(t))
    .join(' ');
const phrases = (list: string): Set<string> => new Set(list.split('|').map(phraseOf));

// Whole-message requests only: "help me with my printer" is a problem, not a request for help.
const HELP = phrases(`help | hilfe | pomoc | pomocy | ajutor | menu | commands | what can you do |
  how does this work | what do you do | was kannst du | was konnen sie | wie funktioniert das |
  co potrafisz | co umiesz | jak to dziala | ce poti face | ce stii sa faci | cum functioneaza`);
const RESTART =
  phrases(`start over | restart | reset | cancel | start again | begin again | from the beginning |
  never mind | nevermind | forget it | neu anfangen | von vorne | nochmal von vorne | abbrechen | neustart |
  zurucksetzen | vergiss es | zacznij od nowa | od nowa | od poczatku | anuluj | zacznijmy od nowa | reset rozmowy |
  de la capat | o luam de la capat | anuleaza | renunta | incepe din nou | de la inceput`);

// A bare greeting is not a problem to look up ("hello there" must not start an article).
const GREETING =
  phrases(`hi | hello | hey | hi there | hello there | hey there | good morning | good afternoon |
  good evening | hallo | hallo zusammen | guten morgen | guten tag | guten abend | servus | moin | gruss gott |
  czesc | hej | dzien dobry | dobry wieczor | witam | witaj | siema | buna | buna ziua | salut | neata |
  buna dimineata | buna seara | hello bot | hi bot`);

/** People who could help, in any of the four languages (folded); alone or with a verb like "talk". */
const PERSON = words(`
  human humans technician technicians operator operators
  mensch menschen menschlichen mitarbeiter mitarbeiterin mitarbeitern techniker technikerin berater beraterin
  czlowiek czlowiekiem czlowieka konsultant konsultantem konsultanta technik technikiem technika operatorem
  om omul operatorul tehnician tehnicianul consultant consultantul
`);
/** Everyday words ("someone deleted my file") that mean a person only next to a verb like "talk". */
const VAGUE_PERSON = words(`
  person people someone somebody agent staff support jemand jemandem person supporter
  osoba osoby osobe kims kogos pracownik pracownikiem persoana persoane cineva agent
`);
/** Verbs of getting in touch. */
const CONTACT = words(`
  talk speak chat contact call transfer escalate want need
  sprechen reden verbinden kontaktieren anrufen mochte will brauche
  rozmawiac porozmawiac mowic polacz skontaktowac zadzwonic chce potrzebuje
  vorbesc vorbi vorbeasca contactez contacta suna vreau doresc
`);
/** Without a verb, a person word counts only in a message this short ("Mitarbeiter", "a human please"). */
const SHORT = 3;
const LONGEST_REQUEST = 10;

/**
 * A request that applies whatever the conversation is doing. Checked before anything else, so it
 * must not fire on problem descriptions: help and restart only as the whole message, a person
 * when a person word appears in a short message or next to a verb like "talk".
 */
export function recogniseInterruption(activity: Partial<Activity>): Interruption | undefined {
  const clicked = submittedChoice(activity);
  // A button's label may read like a command (Teams echoes it as text); the button value decides.
  if (clicked !== undefined) return clicked === HUMAN_CHOICE ? 'human' : undefined;
  const folded = tokens(activity.text ?? '');
  const phrase = phraseOf(activity.text ?? '');
  if (phrase === '') return undefined;
  if (HELP.has(phrase)) return 'help';
  if (RESTART.has(phrase)) return 'restart';
  if (GREETING.has(phrase)) return 'greeting';
  return asksForPerson(folded) ? 'human' : undefined;
}

function asksForPerson(folded: readonly string[]): boolean {
  if (folded.length > LONGEST_REQUEST) return false;
  const contact = folded.some((t) => CONTACT.has(t));
  if (folded.some((t) => PERSON.has(t))) return contact || folded.length <= SHORT;
  return contact && folded.some((t) => VAGUE_PERSON.has(t));
}
