import { foldText } from '../../i18n/language-names';
import { allLanguages, type WordLists } from '../../words';
import { alternatives, foldInPlace } from './phrase-regex';

/** Longest name of a folder or site taken from a message; a longer run is a sentence, not a name. */
const MAX_TARGET_CHARS = 120;

interface AccessPatterns {
  /** "access to", "Zugriff auf", "dostępu do", "acces la" followed by the name. */
  lead: RegExp;
  /** Sentence punctuation or a word that ends the name ("because", "bitte", "bo", "pentru că"). */
  end: RegExp;
  /** Words that name nothing in particular ("the", "shared", "folder"). */
  generic: RegExp;
}

const compiled = new WeakMap<WordLists, AccessPatterns>();

function patternsOf(lists: WordLists): AccessPatterns {
  let patterns = compiled.get(lists);
  if (patterns) return patterns;
  const facts = (pick: (f: WordLists[string]['facts']) => readonly string[]) =>
    allLanguages(lists, (l) => pick(l.facts));
  patterns = {
    lead: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives(facts((f) => f.accessLead))})\\s+`, 'u'),
    end: new RegExp(`[.,;:!?()\\n]|\\s(?:${alternatives(facts((f) => f.accessEnd))})(?![\\p{L}\\p{N}])`, 'u'),
    generic: new RegExp(`^(?:${alternatives(facts((f) => f.accessGeneric))})$`, 'u'),
  };
  compiled.set(lists, patterns);
  return patterns;
}

/**
 * The folder, share or site the user asks access to, as they wrote it ("I need access to the
 * finance shared folder": "the finance shared folder"), or undefined when the message names none
 * ("access to a shared folder"). Words come from content/words `facts`: accessLead, accessEnd and
 * accessGeneric of every language.
 */
export function findAccessTarget(text: string, lists: WordLists): string | undefined {
  const patterns = patternsOf(lists);
  const original = text.normalize('NFC');
  const folded = foldInPlace(original);
  if (folded.length !== original.length) return undefined;
  const lead = patterns.lead.exec(folded);
  if (!lead) return undefined;
  const start = lead.index + lead[0].length;
  const rest = folded.slice(start, start + MAX_TARGET_CHARS + 1);
  const end = patterns.end.exec(rest);
  const length = end ? end.index : rest.length;
  if (length > MAX_TARGET_CHARS) return undefined;
  const target = original.slice(start, start + length).trim();
  const words = foldText(target)
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}-]+/u)
    .filter(Boolean);
  return words.some((w) => !patterns.generic.test(w)) ? target : undefined;
}
