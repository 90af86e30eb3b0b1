export {
  KnowledgeService,
  type KnowledgeServiceDeps,
  type ReloadResult,
  type ArticleLookup,
} from './knowledge-service';
export { registerKnowledgeRoutes, type KnowledgeRoutesDeps } from './knowledge-routes';
export {
  loadKnowledgeBase,
  formatProblem,
  hasBlockingErrors,
  topicLabel,
  type Article,
  type ArticleFrontMatter,
  type ArticleLines,
  type Audience,
  type KbProblem,
  type KbProblemCode,
  type KbSeverity,
  type KnowledgeBase,
  type Taxonomy,
  type TeamContact,
  type TopicInfo,
} from './articles';
// The matcher's text analysis, for other folders that compare questions (src/gaps).
export { foldedTokens, stem, OpenAiEmbeddings, type EmbeddingProvider } from './matcher';
export { parseArticle } from './articles';
