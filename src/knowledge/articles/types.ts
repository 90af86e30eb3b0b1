import type { Lang } from '../../i18n/languages';

export const AUDIENCES = ['employee', 'customer', 'technician'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The YAML front matter of one article file, after validation. */
export interface ArticleFrontMatter {
  id: string;
  title: string;
  language: Lang;
  topic: string;
  tags: string[];
  examples: string[];
  audience: Audience[];
  owner: string;
  lastReviewed: string;
  platforms?: string[];
  related?: string[];
  /**
   * An article of a request topic (`request: true`: a distribution list, a licence) also answers
   * faults on it ("I'm not getting the list's emails"). These are its steps (1-based, in order)
   * that troubleshoot such a fault: a fault report is walked through them alone, never through
   * "submit a request". `[]` when none do: the fault goes to a technician after the summary.
   * Absent: every step.
   */
  faultSteps?: number[];
  /**
   * Where the walk starts when the user's message names one of its problems (a multi-purpose
   * article: "book a meeting room" is its step 4): the first entry with a `when` phrase in the
   * message (whole words, `word*` any ending) gives the 1-based step; the steps after it follow,
   * then those before. Absent, or no phrase in the message: step 1.
   */
  startAt?: { step: number; when: string[] }[];
}

/** 1-based line numbers in the source file, so problems and reviewers can point at them. */
export interface ArticleLines {
  fields: Partial<Record<keyof ArticleFrontMatter, number>>;
  summary: number;
  steps: number[];
  closing?: number;
}

export interface Article extends ArticleFrontMatter {
  /** Markdown text before `## Steps`, placeholders rendered. */
  summary: string;
  /** One Markdown string per numbered step, placeholders rendered. */
  steps: string[];
  /** Markdown after the steps (e.g. "If this didn't help"), placeholders rendered. */
  closing?: string;
  /** Path of the source file. */
  file: string;
  lines: ArticleLines;
}

export type KbSeverity = 'error' | 'warning';

/**
 * Problem codes are stable: tests, the CLI's --json output and the reload endpoint expose them.
 * `missing-translation` and `topic-coverage` are coverage gaps rather than broken articles.
 */
export type KbProblemCode =
  | 'read-failed'
  | 'front-matter'
  | 'schema'
  | 'unknown-field'
  | 'file-name'
  | 'language-mismatch'
  | 'topic-folder'
  | 'unknown-topic'
  | 'duplicate-id'
  | 'missing-translation'
  | 'topic-coverage'
  | 'broken-link'
  | 'unknown-related'
  | 'no-steps'
  | 'empty-step'
  | 'step-count'
  | 'empty-summary'
  | 'unknown-placeholder'
  | 'examples'
  | 'tags'
  | 'platform'
  | 'stale-review'
  | 'taxonomy'
  | 'organisation';

export interface KbProblem {
  file: string;
  line: number;
  severity: KbSeverity;
  code: KbProblemCode;
  message: string;
}

export const COVERAGE_CODES: ReadonlySet<KbProblemCode> = new Set(['missing-translation', 'topic-coverage']);

export interface KnowledgeBase {
  articles: Article[];
  problems: KbProblem[];
}
