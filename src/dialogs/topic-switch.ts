import type { MatchResponse, MatchResult, TextKind } from '../knowledge/matcher';
import { allLanguages, shippedWordLists, type WordLists } from '../words';
import { tokens } from './choices';
import { extractFacts } from './facts';

/*
 * One rule, for a flow and an article walkthrough alike, for when a message typed while a
 * question is open is a different problem rather than an answer. The knowledge base grew from
 * 26 to 60 topics: short answers ("Windows-Laptop", "Mac", "Visio") now often share a word with
 * some article and reach the matcher's answer confidence. A new problem is described in a
 * sentence ("also Outlook crashes when I open it"), so a message shorter than that stays an
 * answer (or is asked about again), however well one of its words matches.
 */

/** Messages with fewer words are answers or non-answers ("Mac", "hmm ok"), never a new problem. */
export const NEW_PROBLEM_MIN_WORDS = 3;

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/**
 * The result `text` is about when it clearly describes a problem of another topic than
 * `currentTopic`: a sentence, matched with the matcher's answer confidence (which includes the
 * margin to the runner-up of another topic). Undefined when it is no such message. A user who
 * says they changed their mind (`changedMind`, see withoutChangeOfMind) needs no sentence: "actually,
 * outlook" is not an answer to "which printer is it?".
 */
export function otherProblem(
  text: string,
  response: MatchResponse,
  currentTopic: string | undefined,
  changedMind = false,
  namesOnlyTheDevice = false,
): MatchResult | undefined {
  if (!changedMind && (namesOnlyTheDevice || wordCount(text) < NEW_PROBLEM_MIN_WORDS)) return undefined;
  const best = response.results[0];
  if (response.decision !== 'answer' || !best || best.topic === currentTopic) return undefined;
  return best;
}

/**
 * "to laptop dell", "it's a ThinkPad with Windows 11": which device or system it is, with nothing
 * said about a fault, a request or something not working (`kind` is the matcher's reading of the
 * text). The matcher may still find an article for the device's name (setting up a new laptop),
 * but the user is telling more about the current problem, not starting another.
 */
export function namesOnlyTheDevice(
  text: string,
  kind: TextKind,
  lists: WordLists = shippedWordLists(),
): boolean {
  if (kind.fault || kind.request) return false;
  const negation = new Set(allLanguages(lists, (l) => l.matching.negation));
  if (tokens(text).some((word) => negation.has(word))) return false;
  const facts = extractFacts(text, lists);
  return facts.deviceType !== undefined || facts.os !== undefined;
}

/** A message's words, folded as the word lists are written ("außerdem" as "ausserdem"), with where each stands. */
export function wordSpans(text: string): { word: string; start: number; end: number }[] {
  return [...text.matchAll(/[\p{L}\p{N}'’`-]+/gu)]
    .map((m) => ({
      word: tokens(m[0].replace(/ß/g, 'ss')).join(''),
      start: m.index,
      end: m.index + m[0].length,
    }))
    .filter((span) => span.word.length > 0);
}

const changeOfMind = new WeakMap<WordLists, readonly string[][]>();

/**
 * The message without the words saying the user changed their mind ("actually", "sorry, I meant",
 * "eigentlich", "właściwie", "de fapt"; content/words `interruptions.changeOfMind`, every
 * language's), or undefined when it has none. What is left is the new topic: the cue is no part
 * of it, and an unknown word would make the matcher less sure of it.
 */
export function withoutChangeOfMind(text: string, lists: WordLists = shippedWordLists()): string | undefined {
  let phrases = changeOfMind.get(lists);
  if (!phrases) {
    // Longest first, so "actually wait" is taken whole rather than "actually".
    phrases = allLanguages(lists, (l) => l.interruptions.changeOfMind)
      .map((p) => p.split(' '))
      .sort((a, b) => b.length - a.length);
    changeOfMind.set(lists, phrases);
  }
  const spans = wordSpans(text);
  const phraseAt = (i: number) => phrases.find((p) => p.every((word, k) => spans[i + k]?.word === word));
  for (let i = 0; i < spans.length; i++) {
    let phrase = phraseAt(i);
    if (!phrase) continue;
    // Cues can come in a row ("ich meinte eigentlich", "sorry, I meant actually"): all of them go.
    let last = i + phrase.length - 1;
    while ((phrase = phraseAt(last + 1))) last += phrase.length;
    const end = spans[last]!.end;
    const before = text.slice(0, spans[i]!.start).trimEnd();
    const after = text.slice(end).replace(/^[\s,.;:!?…–—-]+/u, '');
    return withoutDenial([before, after].filter((part) => part.length > 0).join(' '), lists);
  }
  return undefined;
}

/** Longest clause read as "…, not the VPN" (the topic the user takes back), in words. */
const MAX_DENIAL_WORDS = 4;
const negations = new WeakMap<WordLists, ReadonlySet<string>>();

/**
 * A correction without the topic it takes back: "it's Teams that doesn't work, not the vpn" is
 * about Teams, but the matcher reads "not the vpn" as a VPN fault. A short clause after a comma
 * that starts with a negation (content/words `matching.negation`, every language's) is dropped.
 */
function withoutDenial(text: string, lists: WordLists): string {
  let negation = negations.get(lists);
  if (!negation) negations.set(lists, (negation = new Set(allLanguages(lists, (l) => l.matching.negation))));
  const clauses = text.split(/\s*[,;]\s*/u);
  const kept = clauses.filter((clause, i) => {
    const words = tokens(clause);
    return i === 0 || words.length > MAX_DENIAL_WORDS || !negation.has(words[0] ?? '');
  });
  return kept.length === clauses.length ? text : kept.join(', ');
}
