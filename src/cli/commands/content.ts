import path from 'node:path';
import {
  contentPathsFromEnv,
  loadContent,
  loadSynonyms,
  type ContentPaths,
  type ContentProblem,
} from '../../content';
import type { SynonymGroup } from '../../knowledge/matcher';

export const summary =
  'check all content: UI strings, knowledge base, flows, small talk, privacy, synonyms, support';

/**
 * `firstline content check`: the loader `serve` uses, run over CONTENT_DIR (or --content), so
 * what passes here starts; every problem is printed as file:line.
 */
export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'check') {
    console.error('Usage: firstline content check [--content <dir>]');
    return 2;
  }
  const dirFlag = args.indexOf('--content');
  const paths = contentPathsFromEnv(process.env, dirFlag >= 0 ? args[dirFlag + 1] : undefined);
  const { content, problems } = loadContent(paths);
  const errors = problems.filter((p) => p.severity === 'error');
  for (const problem of problems)
    (problem.severity === 'error' ? console.error : console.log)(format(problem));
  const files = new Set(errors.map((p) => p.file)).size;
  if (errors.length > 0 || !content) {
    console.error(
      `content check FAILED: ${errors.length} error(s) in ${files} file(s) under ${paths.contentDir}`,
    );
    return 1;
  }
  const warnings = problems.length - errors.length;
  console.log(
    `content check ok: ${content.knowledge.articles.length} articles, ${content.flows.flows.length} flows, ${warnings} warning(s)`,
  );
  return 0;
}

function format(problem: ContentProblem): string {
  const file = path.relative(process.cwd(), problem.file) || problem.file;
  return `${file}:${problem.line}: ${problem.severity}: ${problem.message}`;
}

/** CONTENT_DIR/synonyms for a command that builds a matcher; prints the problems when broken. */
export function loadSynonymsOrReport(paths: ContentPaths): SynonymGroup[] | undefined {
  const { synonyms, problems } = loadSynonyms(paths);
  for (const problem of problems) console.error(format(problem));
  return synonyms;
}
