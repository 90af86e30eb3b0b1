import type { MatchResponse, MatchResult } from '../knowledge/matcher';

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
 * margin to the runner-up of another topic). Undefined when it is no such message.
 */
export function otherProblem(
  text: string,
  response: MatchResponse,
  currentTopic: string | undefined,
): MatchResult | undefined {
  if (wordCount(text) < NEW_PROBLEM_MIN_WORDS) return undefined;
  const best = response.results[0];
  if (response.decision !== 'answer' || !best || best.topic === currentTopic) return undefined;
  return best;
}
