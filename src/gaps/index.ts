export { GapTermAnalyzer, gapTermsSchema, type GapTermsFile, type TermBag } from './gap-terms';
export { agglomerate, similarityMatrix, tfidfVectors, medoid } from './clustering';
export {
  KnowledgeGaps,
  MAX_GAP_QUESTIONS,
  type GapDetail,
  type GapEmbeddings,
  type GapQuery,
  type GapReport,
  type KnowledgeGap,
  type KnowledgeGapsDeps,
  type ResolutionNote,
  type ResolutionNotes,
} from './knowledge-gaps';
export {
  ArticleDraftStore,
  ARTICLE_DRAFTS_COLLECTION,
  type ArticleDraft,
  type DraftArticleFile,
} from './draft-store';
export { DraftPublisher, type PublishTarget } from './draft-publisher';
export { draftFromGap, stepsFrom, type GapDraftDeps, type GapDraftSource } from './gap-drafts';
export { createGaps, type Gaps, type GapsDeps } from './gaps-service';
export { createAppGaps, type AppGapsDeps } from './app-gaps';
