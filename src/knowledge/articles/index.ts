export { loadKnowledgeBase, type LoadOptions, type LoadedKnowledgeBase } from './load-knowledge-base';
export { parseArticle, type ParsedArticle, type ArticleLink } from './parse-article';
export {
  loadTaxonomy,
  topicLabel,
  EMPTY_TAXONOMY,
  type Taxonomy,
  type TopicInfo,
  type TeamContact,
} from './taxonomy';
export { loadOrganisation, renderPlaceholders, ORG_KEYS, type OrgKey, type OrgValues } from './organisation';
export { formatProblem, hasBlockingErrors } from './format-problems';
export { ARTICLE_ID } from './front-matter';
export {
  AUDIENCES,
  COVERAGE_CODES,
  type Article,
  type ArticleFrontMatter,
  type ArticleLines,
  type Audience,
  type KbProblem,
  type KbProblemCode,
  type KbSeverity,
  type KnowledgeBase,
} from './types';
