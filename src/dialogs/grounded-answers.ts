import type { Lang } from '../i18n/languages';
import type { ArticleContent } from './knowledge-lookup';

/**
 * Answers a question the matcher was unsure of from the top articles (src/llm, when a language
 * model is configured). Undefined means "no model answer": the dialogs then clarify or say they
 * have no answer, as they do without a model.
 */
export interface GroundedAnswerSource {
  answer(request: {
    conversationId?: string;
    question: string;
    language: Lang;
    articles: readonly Omit<ArticleContent, 'topic'>[];
  }): Promise<
    | { kind: 'answer'; /** Sanitised Markdown. */ text: string; citations: string[] }
    | { kind: 'notCovered' }
    | undefined
  >;
}
