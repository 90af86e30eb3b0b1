import path from 'node:path';

/**
 * Problem codes are stable: tests and `firstline flows check --json` expose them.
 */
export type FlowProblemCode =
  | 'read-failed'
  | 'yaml'
  | 'schema'
  | 'file-name'
  | 'duplicate-id'
  | 'unknown-node'
  | 'unreachable'
  | 'dead-end'
  | 'endless-loop'
  | 'missing-translation'
  | 'unknown-article'
  | 'unknown-flow'
  | 'unknown-topic'
  | 'unknown-fact'
  | 'unknown-fact-value'
  | 'unknown-placeholder'
  | 'triggers'
  | 'ambiguous-phrase'
  | 'strings';

export type FlowSeverity = 'error' | 'warning';

export interface FlowProblem {
  file: string;
  /** 1-based line of the YAML node the problem is about. */
  line: number;
  severity: FlowSeverity;
  code: FlowProblemCode;
  message: string;
}

/** `file:line: severity: message [code]`, the file relative to `cwd` as editors expect. */
export function formatFlowProblem(problem: FlowProblem, cwd: string = process.cwd()): string {
  const file = path.relative(cwd, problem.file) || problem.file;
  const where = problem.line > 0 ? `${file}:${problem.line}` : file;
  return `${where}: ${problem.severity}: ${problem.message} [${problem.code}]`;
}

export function hasFlowErrors(problems: readonly FlowProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export function sortFlowProblems(problems: FlowProblem[]): FlowProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
