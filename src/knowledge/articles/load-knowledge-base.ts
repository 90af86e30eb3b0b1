import fs from 'node:fs';
import path from 'node:path';
import { checkKnowledgeBase } from './check-knowledge-base';
import { loadOrganisation, type OrgValues } from './organisation';
import { parseArticle, type ArticleLink } from './parse-article';
import { EMPTY_TAXONOMY, loadTaxonomy, type Taxonomy } from './taxonomy';
import type { Article, KbProblem, KnowledgeBase } from './types';

export interface LoadOptions {
  kbDir: string;
  taxonomyFile: string;
  orgFile: string;
  /**
   * The taxonomy and organisation values the content loader already read: the files are not
   * read again (and their problems are the loader's to report). `org` undefined: the file is broken.
   */
  preloaded?: { taxonomy?: Taxonomy; org?: OrgValues };
  /** For the "last reviewed over 12 months ago" warning; tests pin it. */
  now?: Date;
}

export interface LoadedKnowledgeBase extends KnowledgeBase {
  taxonomy: Taxonomy;
}

/**
 * Reads every `<topic>/<id>.<lang>.md` under kbDir. Never throws for bad content: a broken
 * file is left out of `articles` and explained in `problems` with its file and line.
 */
export function loadKnowledgeBase(options: LoadOptions): LoadedKnowledgeBase {
  const problems: KbProblem[] = [];
  const { taxonomy, taxonomyLoaded, org } = taxonomyAndOrganisation(options, problems);

  const parsed: { article: Article; links: ArticleLink[] }[] = [];
  const broken = new Set<Article>();
  const files = listMarkdownFiles(options.kbDir, problems);
  for (const file of files) {
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({
        file,
        line: 1,
        severity: 'error',
        code: 'read-failed',
        message: (err as Error).message,
      });
      continue;
    }
    const result = parseArticle(file, source, { org });
    problems.push(...result.problems);
    if (!result.article) continue;
    // Broken articles still count for cross-file checks, so one mistake is reported once
    // rather than again as a broken link in every article that points at it.
    parsed.push({ article: result.article, links: result.links });
    if (result.problems.some((p) => p.severity === 'error')) broken.add(result.article);
  }
  problems.push(
    ...checkKnowledgeBase({
      kbDir: options.kbDir,
      taxonomy,
      taxonomyLoaded,
      parsed,
      now: options.now ?? new Date(),
    }),
  );
  const seen = new Set<string>();
  const articles = parsed
    .map((p) => p.article)
    .filter((article) => {
      // The first of two files with the same id and language wins; the check reports the other.
      const key = `${article.id}|${article.language}`;
      if (broken.has(article) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { articles, problems: sortProblems(problems), taxonomy };
}

function taxonomyAndOrganisation(
  options: LoadOptions,
  problems: KbProblem[],
): { taxonomy: Taxonomy; taxonomyLoaded: boolean; org?: OrgValues } {
  if (options.preloaded) {
    const { taxonomy, org } = options.preloaded;
    return { taxonomy: taxonomy ?? EMPTY_TAXONOMY, taxonomyLoaded: taxonomy !== undefined, org };
  }
  const taxonomyResult = loadTaxonomy(options.taxonomyFile);
  const orgResult = loadOrganisation(options.orgFile);
  problems.push(...taxonomyResult.problems, ...orgResult.problems);
  return {
    taxonomy: taxonomyResult.taxonomy,
    taxonomyLoaded: taxonomyResult.problems.length === 0,
    org: orgResult.values,
  };
}

function listMarkdownFiles(dir: string, problems: KbProblem[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({
      file: dir,
      line: 0,
      severity: 'error',
      code: 'read-failed',
      message: `cannot read the knowledge base folder: ${(err as Error).message}`,
    });
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    // Dot and underscore entries are editor files, drafts and notes, not articles.
    if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listMarkdownFiles(full, problems));
    else if (entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md')
      files.push(full);
  }
  return files;
}

function sortProblems(problems: KbProblem[]): KbProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
