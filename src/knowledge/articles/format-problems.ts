import path from 'node:path';
import { COVERAGE_CODES, type KbProblem } from './types';

/** `file:line: severity: message`, with the file relative to `cwd` as editors expect. */
export function formatProblem(problem: KbProblem, cwd: string = process.cwd()): string {
  const file = path.relative(cwd, problem.file) || problem.file;
  const where = problem.line > 0 ? `${file}:${problem.line}` : file;
  return `${where}: ${problem.severity}: ${problem.message} [${problem.code}]`;
}

/**
 * Errors that make a knowledge base unfit to serve. Translation and coverage gaps are
 * reported by `kb check` but do not block a reload: a new English article should go live
 * while its translations are being written.
 */
export function hasBlockingErrors(problems: readonly KbProblem[]): boolean {
  return problems.some((p) => p.severity === 'error' && !COVERAGE_CODES.has(p.code));
}
