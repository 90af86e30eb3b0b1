export type {
  EmbeddingProvider,
  MatchDocument,
  MatcherOptions,
  MatchKind,
  MatchOptions,
  MatchResponse,
  MatchResult,
} from './types';
export { Matcher, DEFAULT_ANSWER_THRESHOLD, DEFAULT_CLARIFY_THRESHOLD, type BuildOptions } from './matcher';
export { detectLanguage } from './language-detect';
export { buildSynonymTable, synonymFileSchema, type SynonymGroup } from './synonyms';
export { OpenAiEmbeddings, type OpenAiEmbeddingsOptions } from './openai-embeddings';
export { foldedTokens } from './normalize';
export { stem } from './stemmer';
export { RequestCues, type TextKind } from './request-cues';
