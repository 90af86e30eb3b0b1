import type { Lang } from '../i18n/languages';
import type { MatchOptions, MatchResponse, TextKind } from '../knowledge/matcher';

export interface ArticleContent {
  id: string;
  topic: string;
  title: string;
  /** Markdown, placeholders rendered. */
  summary: string;
  steps: readonly string[];
  closing?: string;
  /** On a request topic: the steps (1-based) that troubleshoot a fault on it; absent: all. */
  faultSteps?: readonly number[];
  /** Where the walk starts when the message names one of the article's problems (see `Article`). */
  startAt?: readonly { step: number; when: readonly string[] }[];
}

/** What the dialogs need from the knowledge base; `KnowledgeService` provides it. */
export interface KnowledgeLookup {
  match(text: string, options?: MatchOptions): MatchResponse;
  /** Like `match`, re-ranked with embeddings when they are configured. */
  matchHybrid?(text: string, options?: MatchOptions): Promise<MatchResponse>;
  getArticle(
    id: string,
    language: Lang,
  ): { article: ArticleContent; language: Lang; fallback: boolean } | undefined;
  topicLabel(topic: string, language: Lang): string;
  /** Confidence from which the matcher offers a result as a "did you mean?" (MATCH_CLARIFY_THRESHOLD). */
  readonly clarifyThreshold: number;
  /** Whether a message asks for something or reports a fault, read as the matcher reads it. */
  textKind(text: string, language: Lang): TextKind;
  /** The language of a message as the matcher reads it; `fallback` when unclear. */
  detectLanguage?(text: string, fallback: Lang): Lang;
}

export interface ServiceDeskContacts {
  phone: string;
  email: string;
}
