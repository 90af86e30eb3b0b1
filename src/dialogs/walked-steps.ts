import { containsPhrase, phraseWords, tokens } from './choices';
import type { ArticleContent } from './knowledge-lookup';

/** Which of an article's steps a walk-through shows, and in which order. */
export interface Walk {
  /** A fault on a request topic: only the article's `faultSteps`. */
  fault?: boolean;
  /** The article's step (1-based) to start at. */
  startStep?: number;
}

/** The article's step (1-based) whose problem the user's words name (`startAt`), if any. */
export function namedStep(article: ArticleContent, texts: readonly string[]): number | undefined {
  const said = texts.map(tokens);
  const names = (phrase: string) => said.some((words) => containsPhrase(words, phraseWords(phrase)));
  return article.startAt?.find(({ when }) => when.some(names))?.step;
}

/**
 * The article's steps walked, as 0-based indexes: its fault steps for a fault, else all; from the
 * start step on when there is one (the steps after it, then those before it).
 */
export function walkedSteps(article: ArticleContent, walk: Walk): number[] {
  const all = article.steps.map((_, i) => i);
  const steps =
    !walk.fault || !article.faultSteps
      ? all
      : [...article.faultSteps]
          .sort((a, b) => a - b)
          .map((n) => n - 1)
          .filter((i) => i < article.steps.length);
  const from = walk.startStep === undefined ? -1 : steps.indexOf(walk.startStep - 1);
  return from <= 0 ? steps : [...steps.slice(from), ...steps.slice(0, from)];
}
