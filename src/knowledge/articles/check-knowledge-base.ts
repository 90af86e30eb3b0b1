import path from 'node:path';
import { LANGUAGES, type Lang } from '../../i18n/languages';
import type { ArticleLink } from './parse-article';
import type { Taxonomy } from './taxonomy';
import type { Article, KbProblem } from './types';

const REVIEW_MAX_AGE_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CheckInput {
  kbDir: string;
  taxonomy: Taxonomy;
  /** Articles with the `kb:` links found in each. */
  parsed: { article: Article; links: ArticleLink[] }[];
  now: Date;
  /** False when the taxonomy failed to load, so every topic would look unknown. */
  taxonomyLoaded: boolean;
}

/** Checks that need every article at once: ids, translations, links, topics, coverage. */
export function checkKnowledgeBase(input: CheckInput): KbProblem[] {
  const problems: KbProblem[] = [];
  const byId = new Map<string, Map<Lang, Article>>();
  for (const { article } of input.parsed) {
    const versions = byId.get(article.id) ?? new Map<Lang, Article>();
    const existing = versions.get(article.language);
    if (existing) {
      problems.push(
        problem(
          article,
          article.lines.fields.id,
          'duplicate-id',
          `id "${article.id}" in ${article.language} is also defined in ${existing.file}`,
        ),
      );
      continue;
    }
    versions.set(article.language, article);
    byId.set(article.id, versions);
  }
  for (const { article, links } of input.parsed) {
    checkTopic(input, article, problems);
    checkReferences(article, links, byId, problems);
    checkReviewDate(article, input.now, problems);
  }
  checkTranslations(byId, problems);
  if (input.taxonomyLoaded) checkCoverage(input, problems);
  return problems;
}

function problem(
  article: Article,
  line: number | undefined,
  code: KbProblem['code'],
  message: string,
  severity: KbProblem['severity'] = 'error',
): KbProblem {
  return { file: article.file, line: line ?? 1, severity, code, message };
}

function checkTopic(input: CheckInput, article: Article, problems: KbProblem[]): void {
  const line = article.lines.fields.topic;
  if (input.taxonomyLoaded && !input.taxonomy.topics.has(article.topic)) {
    problems.push(problem(article, line, 'unknown-topic', `topic "${article.topic}" is not in the taxonomy`));
  }
  const folder = path.basename(path.dirname(article.file));
  if (path.resolve(path.dirname(article.file)) !== path.resolve(input.kbDir) && folder !== article.topic) {
    problems.push(
      problem(
        article,
        line,
        'topic-folder',
        `topic "${article.topic}" but the file is in folder "${folder}"`,
      ),
    );
  }
}

function checkReferences(
  article: Article,
  links: ArticleLink[],
  byId: Map<string, unknown>,
  problems: KbProblem[],
): void {
  for (const link of links) {
    if (!byId.has(link.id))
      problems.push(problem(article, link.line, 'broken-link', `link to unknown article kb:${link.id}`));
  }
  for (const id of article.related ?? []) {
    if (!byId.has(id)) {
      problems.push(
        problem(
          article,
          article.lines.fields.related,
          'unknown-related',
          `related article "${id}" does not exist`,
        ),
      );
    } else if (id === article.id) {
      problems.push(
        problem(
          article,
          article.lines.fields.related,
          'unknown-related',
          'an article cannot be related to itself',
          'warning',
        ),
      );
    }
  }
}

function checkReviewDate(article: Article, now: Date, problems: KbProblem[]): void {
  const reviewed = Date.parse(`${article.lastReviewed}T00:00:00Z`);
  const ageDays = (now.getTime() - reviewed) / DAY_MS;
  const line = article.lines.fields.lastReviewed;
  if (ageDays > REVIEW_MAX_AGE_DAYS) {
    problems.push(
      problem(
        article,
        line,
        'stale-review',
        `last reviewed ${article.lastReviewed}, more than 12 months ago`,
        'warning',
      ),
    );
  } else if (ageDays < -1) {
    problems.push(
      problem(
        article,
        line,
        'stale-review',
        `lastReviewed ${article.lastReviewed} is in the future`,
        'warning',
      ),
    );
  }
}

function checkTranslations(byId: Map<string, Map<Lang, Article>>, problems: KbProblem[]): void {
  for (const [id, versions] of byId) {
    const missing = LANGUAGES.filter((lang) => !versions.has(lang));
    if (missing.length === 0) continue;
    const first = versions.get('en') ?? [...versions.values()][0];
    if (!first) continue;
    problems.push(
      problem(
        first,
        first.lines.fields.id,
        'missing-translation',
        `article "${id}" has no ${missing.join(', ')} version`,
      ),
    );
  }
}

function checkCoverage(input: CheckInput, problems: KbProblem[]): void {
  const covered = new Set(input.parsed.map(({ article }) => `${article.topic}|${article.language}`));
  for (const topic of input.taxonomy.topics.keys()) {
    const missing = LANGUAGES.filter((lang) => !covered.has(`${topic}|${lang}`));
    if (missing.length === 0) continue;
    problems.push({
      file: path.join(input.kbDir, topic),
      line: 0,
      severity: 'error',
      code: 'topic-coverage',
      message: `topic "${topic}" has no article in ${missing.join(', ')}`,
    });
  }
}
