import { allLanguages, shippedWordLists, type LanguageWords, type WordLists } from '../../words';
import { coveredBy, mentionsAny, phraseList, words, type Phrase } from '../small-talk/phrases';

/** What a message asks of the user's tickets. */
export type TicketCommand =
  /** "status of HD-1001" (or just "HD-1001"): one card per number named. */
  | { kind: 'status'; numbers: string[] }
  /** "my tickets". */
  | { kind: 'mine' }
  /** "add to HD-1001: the printer now shows error 50"; `text` may be empty ("add to HD-1001"). */
  | { kind: 'comment'; number: string; text: string }
  /** "HD-1001 is fixed, close it". */
  | { kind: 'close'; number: string }
  /**
   * "it's broken again": with a number, that ticket; without, a recently resolved ticket of the
   * user, any when `subject` is empty, else one whose problem shares a word with it.
   */
  | { kind: 'reopen'; number?: string; subject: string[] };

/**
 * Ticket numbers as the store writes them (HD-1001) and as people type them ("hd 1001",
 * "HD1001"). The prefix is fixed by the ticket store.
 */
const TICKET_NUMBER = /\bHD[-\s]?(\d{1,9})\b/giu;

/** Characters between a number and a comment ("HD-1001 - the printer", "HD-1001, that ..."). */
const LEADING_PUNCTUATION = /^[\s,;:.\-–—]+/u;

interface TicketWords {
  mine: ReadonlySet<string>;
  filler: ReadonlySet<string>;
  add: ReadonlySet<string>;
  commentLead: ReadonlySet<string>;
  close: Phrase[];
  fixed: Phrase[];
  negation: ReadonlySet<string>;
  reopen: Phrase[];
  reopenFiller: ReadonlySet<string>;
}

const compiled = new WeakMap<WordLists, TicketWords>();

/** Every language's words together: people mix languages, and a number is the same in all. */
function ticketWords(lists: WordLists): TicketWords {
  let prepared = compiled.get(lists);
  if (prepared) return prepared;
  const all = (pick: (t: LanguageWords['tickets']) => readonly string[]) =>
    allLanguages(lists, (l) => pick(l.tickets));
  prepared = {
    mine: new Set(all((t) => t.mine).map((p) => words(p).join(' '))),
    filler: new Set(all((t) => t.filler)),
    add: new Set(all((t) => t.add)),
    commentLead: new Set(all((t) => t.commentLead)),
    close: phraseList(all((t) => t.close)),
    fixed: phraseList(all((t) => t.fixed)),
    negation: new Set(all((t) => t.negation)),
    reopen: phraseList(all((t) => t.reopen)),
    reopenFiller: new Set(all((t) => t.reopenFiller)),
  };
  compiled.set(lists, prepared);
  return prepared;
}

/**
 * What the message asks of the user's tickets, or undefined when it is about something else (a
 * problem for the knowledge base, small talk, an answer to a question). `lists` are the content's
 * word lists (content/words, `tickets`); the shipped ones by default.
 */
export function recogniseTicketCommand(
  text: string,
  lists: WordLists = shippedWordLists(),
): TicketCommand | undefined {
  const vocabulary = ticketWords(lists);
  const found = [...text.matchAll(TICKET_NUMBER)];
  const said = words(text);
  if (found.length === 0) return withoutNumber(said, vocabulary);
  const first = found[0]!;
  const number = `HD-${Number(first[1])}`;
  const before = words(text.slice(0, first.index));
  if (before.some((w) => vocabulary.add.has(w))) {
    return {
      kind: 'comment',
      number,
      text: commentOf(text.slice(first.index + first[0].length), vocabulary),
    };
  }
  if (mentionsAny(said, vocabulary.reopen)) return { kind: 'reopen', number, subject: [] };
  if (asksToClose(text, said, vocabulary)) return { kind: 'close', number };
  const numbers = [...new Set(found.map((m) => `HD-${Number(m[1])}`))];
  return { kind: 'status', numbers };
}

function withoutNumber(said: readonly string[], vocabulary: TicketWords): TicketCommand | undefined {
  const phrase = said.filter((w) => !vocabulary.filler.has(w)).join(' ');
  if (phrase && vocabulary.mine.has(phrase)) return { kind: 'mine' };
  if (!mentionsAny(said, vocabulary.reopen)) return undefined;
  const covered = coveredBy(said, vocabulary.reopen);
  const subject = said.filter((w, i) => !covered[i] && !vocabulary.reopenFiller.has(w));
  return { kind: 'reopen', subject };
}

/**
 * "close" closes, also asked as a question; "fixed" closes only when said ("is HD-1001 fixed?" is
 * a question about its status); any negation keeps it open ("don't close it", "not fixed").
 */
function asksToClose(text: string, said: readonly string[], vocabulary: TicketWords): boolean {
  if (said.some((w) => vocabulary.negation.has(w))) return false;
  if (mentionsAny(said, vocabulary.close)) return true;
  return mentionsAny(said, vocabulary.fixed) && !text.trim().endsWith('?');
}

/**
 * The comment after the number: what follows a colon that only lead words precede ("HD-1001
 * hinzu: ..."), else the rest without its lead words ("HD-1001 that the printer ...").
 */
function commentOf(after: string, vocabulary: TicketWords): string {
  const colon = after.indexOf(':');
  const lead = words(after.slice(0, Math.max(colon, 0)));
  if (colon >= 0 && lead.every((w) => vocabulary.commentLead.has(w))) return after.slice(colon + 1).trim();
  let rest = after.replace(LEADING_PUNCTUATION, '');
  for (;;) {
    const word = /^(\p{L}+)/u.exec(rest)?.[1];
    if (!word || !vocabulary.commentLead.has(words(word).join(' '))) break;
    rest = rest.slice(word.length).replace(LEADING_PUNCTUATION, '');
  }
  return rest.trim();
}
