import type { Config } from '../config';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import { GroundedAnswers } from './grounded-answers';
import { HandoverSummaries } from './handover-summary';
import { Translations } from './translations';
import { ArticleDrafts } from './article-drafts';
import { LlmClient } from './llm-client';
import { TokenBudgets } from './token-budgets';

export { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker';
export { LlmClient, type ChatOutcome, type ChatRequest, type LlmClientOptions } from './llm-client';
export { TokenBudgets, LLM_BUDGETS_COLLECTION, type TokenLimits } from './token-budgets';
export {
  GroundedAnswers,
  groundedAnswerInstructions,
  articleText,
  groundingArticles,
  MAX_GROUNDING_ARTICLES,
  type GroundedAnswer,
  type GroundedReport,
  type GroundedRequest,
  type SourceArticle,
} from './grounded-answers';
export {
  HandoverSummaries,
  handoverSummaryInstructions,
  MAX_SUMMARY_LINES,
  type HandoverCase,
} from './handover-summary';
export { Translations, translationInstructions } from './translations';
export { ArticleDrafts, articleDraftInstructions, type DraftFile, type DraftSource } from './article-drafts';
export { evaluateLlm, readLlmCases, type LlmEvalCase, type LlmEvalReport } from './llm-eval';
export { sanitiseModelMarkdown, repeatsInstructions, supportShare } from './output-guard';

/** The language-model features the app wires in; undefined when they are off. */
export interface LlmFeatures {
  client: LlmClient;
  budgets: TokenBudgets;
  groundedAnswers: GroundedAnswers;
  handoverSummaries: HandoverSummaries;
  translations: Translations;
  articleDrafts: ArticleDrafts;
}

/**
 * The features, when OPENAI_API_KEY and OPENAI_MODEL are set (an embeddings-only setup stays
 * without them). `redact` is src/privacy's redactor: it runs on every text before it is sent.
 */
export function createLlmFeatures(deps: {
  config: Config;
  storage: Pick<StorageBackend, 'collection'>;
  redact: (text: string) => string;
  logger: Logger;
  clock: () => Date;
}): LlmFeatures | undefined {
  const { apiKey, chatModel, baseUrl, timeoutMs, firstTokenMs, tokensPerConversation, tokensPerDay } =
    deps.config.llm;
  if (!apiKey || !chatModel) return undefined;
  const budgets = new TokenBudgets(
    deps.storage,
    { perConversation: tokensPerConversation, perDay: tokensPerDay },
    deps.clock,
  );
  const client = new LlmClient({
    apiKey,
    baseURL: baseUrl,
    model: chatModel,
    timeoutMs,
    firstTokenMs,
    redact: deps.redact,
    budgets,
    logger: deps.logger,
    clock: deps.clock,
  });
  return {
    client,
    budgets,
    groundedAnswers: new GroundedAnswers(client),
    handoverSummaries: new HandoverSummaries(client),
    translations: new Translations(client),
    articleDrafts: new ArticleDrafts(client, deps.clock),
  };
}
