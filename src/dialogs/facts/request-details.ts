import { allLanguages, type WordLists } from '../../words';
import { containsPhrase, phraseWords, tokens } from '../choices';
import { alternatives, foldInPlace } from './phrase-regex';

/** A reason longer than this is a story, not the one sentence a request form asks for. */
const MAX_REASON_CHARS = 200;
const MIN_REASON_CHARS = 8;

interface DetailPatterns {
  /** One or more approver leads in a row ("approved by my manager"), then the name. */
  approver: RegExp;
  /** Where the reason starts ("because", "weil", "bo", "pentru că"). */
  reason: RegExp;
}

const compiled = new WeakMap<WordLists, DetailPatterns>();

function patternsOf(lists: WordLists): DetailPatterns {
  let patterns = compiled.get(lists);
  if (patterns) return patterns;
  const facts = (pick: (f: WordLists[string]['facts']) => readonly string[]) =>
    allLanguages(lists, (l) => pick(l.facts));
  const lead = alternatives(facts((f) => f.approverLead));
  patterns = {
    approver: new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:${lead})[\\s,:–-]+)+`, 'u'),
    reason: new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${alternatives(facts((f) => f.reasonLead))})(?![\\p{L}\\p{N}])`,
      'u',
    ),
  };
  compiled.set(lists, patterns);
  return patterns;
}

/** A name as written (one to three capitalised words) or an e-mail address. */
const NAME = /^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})/u;

/**
 * Whether the message asks for something and reports nothing broken: only then do "because" and
 * "my manager Anna" belong to a request ("Outlook crashes because of the update" is no reason).
 */
function asksForSomething(text: string, lists: WordLists): boolean {
  const words = tokens(text);
  const holds = (pick: (l: WordLists[string]) => readonly string[]) =>
    allLanguages(lists, pick).some((phrase) => containsPhrase(words, phraseWords(phrase)));
  return holds((l) => l.matching.request) && !holds((l) => l.matching.fault);
}

/**
 * Where a lead of `kind` stands in a request, with the text as written and folded in place (so a
 * position in one is a position in the other); undefined for no request or no lead.
 */
function leadIn(text: string, lists: WordLists, kind: keyof DetailPatterns) {
  if (!asksForSomething(text, lists)) return undefined;
  const original = text.normalize('NFC');
  const folded = foldInPlace(original);
  if (folded.length !== original.length) return undefined;
  const lead = patternsOf(lists)[kind].exec(folded);
  return lead ? { original, folded, lead } : undefined;
}

/**
 * Who approves the request, as written: the name or e-mail address right after an approver lead
 * ("my manager Anna Smith approved it", "zatwierdza Jan Kowalski", "genehmigt von Frau Berger").
 */
export function findApprover(text: string, lists: WordLists): string | undefined {
  const found = leadIn(text, lists, 'approver');
  return found && NAME.exec(found.original.slice(found.lead.index + found.lead[0].length))?.[0];
}

/**
 * Why the request is made, as written, from its lead to the end of the sentence ("because I joined
 * the budget project", "damit ich die Monatsberichte erstellen kann").
 */
export function findBusinessReason(text: string, lists: WordLists): string | undefined {
  const found = leadIn(text, lists, 'reason');
  if (!found) return undefined;
  const { original, folded, lead } = found;
  const rest = original.slice(lead.index);
  const end = /[.!?;\n]/.exec(rest.slice(lead[0].length));
  // "… because I joined the project, approved by Anna": the approver is no part of the reason.
  const approver = patternsOf(lists).approver.exec(folded.slice(lead.index + lead[0].length));
  const stops = [
    end ? lead[0].length + end.index : rest.length,
    approver ? lead[0].length + approver.index : rest.length,
  ];
  const reason = rest
    .slice(0, Math.min(...stops))
    .trim()
    .replace(/[,:–-]+$/, '')
    .trim();
  if (reason.length < MIN_REASON_CHARS || reason.length > MAX_REASON_CHARS) return undefined;
  // The lead alone, or with one word, says nothing yet ("because", "bo tak").
  return tokens(reason).length >= 3 ? reason : undefined;
}
