import type { Activity } from 'botbuilder';
import { allLanguages, shippedWordLists, type LanguageWords, type WordLists } from '../words';
import { submittedChoice, tokens } from './choices/recognise-choice';

export type Interruption = 'help' | 'restart' | 'human' | 'greeting';

/** Card buttons that ask for a person send this value, wherever the card came from. */
export const HUMAN_CHOICE = 'human';

/** One language-independent set per kind: people mix languages in chat. */
interface InterruptionWords {
  filler: ReadonlySet<string>;
  help: ReadonlySet<string>;
  restart: ReadonlySet<string>;
  greeting: ReadonlySet<string>;
  /** People who could help; alone or with a verb like "talk". */
  person: ReadonlySet<string>;
  /** Everyday words ("someone deleted my file") that mean a person only next to a verb like "talk". */
  vaguePerson: ReadonlySet<string>;
  /** Verbs of getting in touch. */
  contact: ReadonlySet<string>;
}

const compiled = new WeakMap<WordLists, InterruptionWords>();
function interruptionWords(lists: WordLists): InterruptionWords {
  let prepared = compiled.get(lists);
  if (prepared) return prepared;
  const all = (pick: (l: LanguageWords['interruptions']) => readonly string[]) =>
    allLanguages(lists, (l) => pick(l.interruptions));
  // Politeness and "I want to..." around a request do not change it.
  const filler = new Set(all((l) => l.filler));
  // Whole-message requests only: "help me with my printer" is a problem, not a request for help.
  const phrases = (list: readonly string[]) => new Set(list.map((p) => phraseOf(p, filler)));
  prepared = {
    filler,
    help: phrases(all((l) => l.help)),
    restart: phrases(all((l) => l.restart)),
    // A bare greeting is not a problem to look up ("hello there" must not start an article).
    greeting: phrases(all((l) => l.greeting)),
    person: new Set(all((l) => l.person)),
    vaguePerson: new Set(all((l) => l.vaguePerson)),
    contact: new Set(all((l) => l.contact)),
  };
  compiled.set(lists, prepared);
  return prepared;
}

const phraseOf = (text: string, filler: ReadonlySet<string>): string =>
  tokens(text)
    .filter((t) => !filler.has(t))
    .join(' ');

/** Without a verb, a person word counts only in a message this short without filler ("get me a human"). */
const SHORT = 3;
const LONGEST_REQUEST = 10;

/**
 * A request that applies whatever the conversation is doing. Checked before anything else, so it
 * must not fire on problem descriptions: help and restart only as the whole message, a person
 * when a person word appears in a short message or next to a verb like "talk". `lists` are the
 * content's word lists (content/words); the shipped ones by default.
 */
export function recogniseInterruption(
  activity: Partial<Activity>,
  lists: WordLists = shippedWordLists(),
): Interruption | undefined {
  const clicked = submittedChoice(activity);
  // A button's label may read like a command (Teams echoes it as text); the button value decides.
  if (clicked !== undefined) return clicked === HUMAN_CHOICE ? 'human' : undefined;
  const words = interruptionWords(lists);
  const folded = tokens(activity.text ?? '');
  const phrase = phraseOf(activity.text ?? '', words.filler);
  if (phrase === '') return undefined;
  if (words.help.has(phrase)) return 'help';
  if (words.restart.has(phrase)) return 'restart';
  if (words.greeting.has(phrase)) return 'greeting';
  if (asksForPerson(folded, words)) return 'human';
  // "This bot is useless, get me a human": the request is a sentence of its own after a complaint.
  const clauses = (activity.text ?? '').split(CLAUSE_BREAK).map(tokens);
  return clauses.length > 1 && clauses.some((clause) => clauseAsksForPerson(clause, words))
    ? 'human'
    : undefined;
}

/**
 * A clause that is a request for a person on its own: a person word with a contact verb ("I want a
 * technician"), or nothing but person words besides filler ("a human please"). Not a clause that
 * merely names one ("the one the technician installed").
 */
function clauseAsksForPerson(clause: readonly string[], words: InterruptionWords): boolean {
  const isPerson = (t: string) => words.person.has(t) || words.vaguePerson.has(t);
  if (!clause.some(isPerson)) return false;
  if (clause.some((t) => words.contact.has(t))) return clause.length <= LONGEST_REQUEST;
  const meaningful = clause.filter((t) => !words.filler.has(t));
  return meaningful.length > 0 && meaningful.every(isPerson);
}

/** Where one sentence or clause of a message ends and the next begins. */
const CLAUSE_BREAK = /[,.;:!?\n]+|\s[-–—]\s/u;

function asksForPerson(folded: readonly string[], words: InterruptionWords): boolean {
  if (folded.length > LONGEST_REQUEST) return false;
  const contact = folded.some((t) => words.contact.has(t));
  // "Just get me a human now", "a real person please": what is left without filler is short.
  const meaningful = folded.filter((t) => !words.filler.has(t));
  if (folded.some((t) => words.person.has(t))) return contact || meaningful.length <= SHORT;
  const vague = folded.some((t) => words.vaguePerson.has(t));
  return vague && (contact || (meaningful.length === 1 && words.vaguePerson.has(meaningful[0]!)));
}
