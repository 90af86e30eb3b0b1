export { DialogRouter, type DialogRouterOptions, type KnownProblemNotices } from './dialog-router';
export { ProblemHandlers, type ProblemHandler, type ProblemHandlerFactory } from './problem-handlers';
export { ARTICLE_WALKTHROUGH, articleHandler, type WalkthroughOptions } from './article-walkthrough-dialog';
export { CLARIFY } from './clarify-dialog';
export { OFFER_TECHNICIAN, ANYTHING_ELSE } from './follow-up-dialogs';
export { recogniseInterruption, HUMAN_CHOICE, type Interruption } from './interruptions';
export { serviceDeskDirectory, type ServiceDeskDirectory } from './service-desk';
export type { KnowledgeLookup, ArticleContent, ServiceDeskContacts } from './knowledge-lookup';
export type { GroundedAnswerSource } from './grounded-answers';
export {
  ask,
  languageOf,
  reroute,
  rerouteText,
  say,
  startInPlace,
  type DialogServices,
  type Reroute,
} from './dialog-services';
export * from './case-file';
export * from './choices';
