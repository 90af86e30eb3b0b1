import type { Lang } from '../i18n/languages';
import type { MatchResponse, MatchResult } from '../knowledge/matcher';
import { shippedWordLists, type WordLists } from '../words';
import { phrasesIn } from './answer-words';
import type { KnowledgeLookup } from './knowledge-lookup';
import type { ProblemHandlers } from './problem-handlers';

/** A topic is offered in "which of these?" only with this much confidence, and this share of the best's. */
const MIN_CLARIFY_CONFIDENCE = 0.05;
const CLARIFY_SHARE_OF_BEST = 0.2;

/** The "which of these?" question shows at most this many topics. */
const MAX_CLARIFY_TOPICS = 3;

/** Where the topics offered to a message that names nothing affected come from. */
export interface CandidateSources {
  handlers: ProblemHandlers;
  knowledge: KnowledgeLookup;
  /** The topics of the active incidents, the most recently confirmed first. */
  activeTopics(): Promise<string[]>;
  /** The most asked topics' questions (content/small-talk `startTopics`). */
  startTopicQuestions(language: Lang): readonly string[];
}

/**
 * Unsure of the topic, or sure only that something is broken: "wszystko się zepsuło" names no
 * topic and reports a fault, which is worth asking what is affected rather than "no answer".
 */
export function asksWhatIsAffected(
  response: MatchResponse,
  question: string,
  language: Lang,
  words: WordLists = shippedWordLists(),
): boolean {
  if (response.decision === 'clarify') return true;
  if (response.decision !== 'none' || response.namesTopic !== false) return false;
  return phrasesIn(question, words, (w) => w.matching.fault, language).length > 0;
}

/**
 * The best handled result of each of the top topics that is a plausible reading of the
 * question: offering a topic the matcher gives no confidence at all only confuses the user; a
 * single topic left is offered as a yes/no question. A message that names nothing affected
 * ("nichts geht", "nic nie działa", "I have a problem") is asked what is affected with the most
 * asked topics, up to the usual three, never a yes/no on one guess: the matcher's guesses for it
 * rest on the generic words alone ("nie działa" is in the docking station's title, "kaputt" in
 * the lost badge's), so they were odd first options.
 */
export async function clarifyCandidates(
  response: MatchResponse,
  language: Lang,
  sources: CandidateSources,
): Promise<MatchResult[]> {
  const { handlers } = sources;
  const byTopic = new Map<string, MatchResult>();
  const best = response.results[0]?.confidence ?? 0;
  const floor = Math.max(MIN_CLARIFY_CONFIDENCE, best * CLARIFY_SHARE_OF_BEST);
  const add = (results: readonly MatchResult[], floorOf: number): void => {
    for (const result of results) {
      if (byTopic.size === MAX_CLARIFY_TOPICS) return;
      if (!handlers.has(result.kind) || byTopic.has(result.topic)) continue;
      if (result.confidence < floorOf && byTopic.size > 0) continue;
      byTopic.set(result.topic, handlers.preferFlow(result, results));
    }
  };
  const mostAsked = response.namesTopic === false ? await mostAskedTopics(language, sources) : [];
  if (mostAsked.length > 0) for (const topic of mostAsked) add(topic, 0);
  else add(response.results, floor);
  return [...byTopic.values()];
}

/**
 * What a message naming nothing affected is offered: the topics of active incidents first (during
 * an Outlook outage, "nothing works" most likely means Outlook), then the matcher's reading of
 * each most asked topic's question (content/small-talk `startTopics`).
 */
async function mostAskedTopics(language: Lang, sources: CandidateSources): Promise<MatchResult[][]> {
  const { knowledge } = sources;
  const ofIncidents = (await sources.activeTopics()).map((topic) =>
    knowledge
      .match(knowledge.topicLabel(topic, language), { language })
      .results.filter((r) => r.topic === topic)
      .slice(0, 1),
  );
  const mostAsked = sources
    .startTopicQuestions(language)
    .map((ask) => knowledge.match(ask, { language }).results.slice(0, 1));
  return [...ofIncidents, ...mostAsked];
}
