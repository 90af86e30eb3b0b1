import { LANGUAGES } from '../../i18n/languages';
import { RequestCues } from '../../knowledge/matcher';
import { allLanguages, type WordLists } from '../../words';
import { tokens } from '../choices';
import { alternatives, foldInPlace } from './phrase-regex';

/** A reason longer than this is a story, not the one sentence a request form asks for. */
const MAX_REASON_CHARS = 200;
const MIN_REASON_CHARS = 8;

interface DetailPatterns {
  /** One or more approver leads in a row ("approved by my manager"), then the name. */
  approver: RegExp;
  /** Where the reason starts ("because", "weil", "bo", "pentru că"). */
  reason: RegExp;
  /** The matcher's reading of request and fault phrases (`matching.request`, `matching.fault`). */
  cues: RequestCues;
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
    cues: new RequestCues(lists),
  };
  compiled.set(lists, patterns);
  return patterns;
}

/** A name as written (one to three capitalised words) or an e-mail address. */
const NAME = /^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})/u;

/**
 * Whether the message asks for something and reports nothing broken, as the matcher reads it, in
 * any language (people mix them): only then do "because" and "my manager Anna" belong to a
 * request ("Outlook crashes because of the update" is no reason).
 */
function asksForSomething(text: string, cues: RequestCues): boolean {
  const kinds = LANGUAGES.map((lang) => cues.kind(text, lang));
  return kinds.some((k) => k.request) && !kinds.some((k) => k.fault);
}

/** A request's approver and reason as written, when the message asks for something. */
export interface RequestDetails {
  approver?: string;
  businessReason?: string;
}

/** What a request says up front: who approves and why; empty for a message that asks nothing. */
export function findRequestDetails(text: string, lists: WordLists): RequestDetails {
  const patterns = patternsOf(lists);
  if (!asksForSomething(text, patterns.cues)) return {};
  const original = text.normalize('NFC');
  const folded = foldInPlace(original);
  if (folded.length !== original.length) return {};
  const read = { original, folded, patterns };
  const approver = findApprover(read);
  const businessReason = findBusinessReason(read);
  return { ...(approver ? { approver } : {}), ...(businessReason ? { businessReason } : {}) };
}

/** The text as written and folded in place: a position in one is a position in the other. */
interface ReadText {
  original: string;
  folded: string;
  patterns: DetailPatterns;
}

/**
 * Who approves the request, as written: the name or e-mail address right after an approver lead
 * ("my manager Anna Smith approved it", "zatwierdza Jan Kowalski", "genehmigt von Frau Berger").
 */
function findApprover({ original, folded, patterns }: ReadText): string | undefined {
  const lead = patterns.approver.exec(folded);
  return lead ? NAME.exec(original.slice(lead.index + lead[0].length))?.[0] : undefined;
}

/**
 * Why the request is made, as written, from its lead to the end of the sentence ("because I joined
 * the budget project", "damit ich die Monatsberichte erstellen kann").
 */
function findBusinessReason({ original, folded, patterns }: ReadText): string | undefined {
  const lead = patterns.reason.exec(folded);
  if (!lead) return undefined;
  const rest = original.slice(lead.index);
  const end = /[.!?;\n]/.exec(rest.slice(lead[0].length));
  // "… because I joined the project, approved by Anna": the approver is no part of the reason.
  const approver = patterns.approver.exec(folded.slice(lead.index + lead[0].length));
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
