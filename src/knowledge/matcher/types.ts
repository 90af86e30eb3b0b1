import type { Lang } from '../../i18n/languages';
import type { Logger } from '../../logging';

export type MatchKind = 'article' | 'flow' | 'intent';

export interface MatchDocument {
  kind: MatchKind;
  /** Article id / flow id / intent name (unique per kind+language). */
  id: string;
  /** Taxonomy topic, e.g. 'network.wifi' (for intents: the intent name). */
  topic: string;
  title: string;
  language: Lang;
  /** The ways users ask: article examples, flow trigger phrases, intent training sentences. */
  examples: string[];
  tags: string[];
  /** Summary + steps text, placeholders already rendered; '' for intents. */
  body: string;
}

export interface EmbeddingProvider {
  embed(texts: string[]): Promise<number[][]>;
}

export interface MatcherOptions {
  /** Confidence >= this: answer. */
  answerThreshold?: number;
  /** >= this and < answerThreshold: ask to clarify with the top 2-3 topics; below: no answer. */
  clarifyThreshold?: number;
  /** Optional hybrid ranking; absent by default. */
  embeddings?: EmbeddingProvider;
  /** Where an unexpected failure is reported before it is thrown on (and an embeddings outage). */
  logger?: Pick<Logger, 'error' | 'warn'>;
}

export interface MatchOptions {
  /** The user's remembered language, fallback for short or mixed text. */
  language?: Lang;
  /**
   * The message's language as this turn already detected it (`Matcher.detectLanguage`): the
   * matcher reads the message in it and does not detect again.
   */
  detectedLanguage?: Lang;
  /** Maximum number of results, default 5. */
  limit?: number;
}

export interface MatchResult {
  kind: MatchKind;
  id: string;
  topic: string;
  title: string;
  language: Lang;
  score: number;
  confidence: number;
}

export interface MatchResponse {
  /** Language used to analyse the question (detected, or fallback). */
  language: Lang;
  decision: 'answer' | 'clarify' | 'none';
  /** True when the best result is in another language than `language`. */
  crossLingual: boolean;
  /** Best first, at most one result per (kind,id): the best language version. */
  results: MatchResult[];
  /**
   * False when the message names nothing the problem is about, only that something is broken
   * ("nothing works", "nichts geht", "nic nie działa"): never answered outright; absent otherwise.
   */
  namesTopic?: false;
}
