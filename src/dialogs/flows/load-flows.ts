import fs from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { flowSchema, type FlowDefinition } from './flow-schema';
import type { FlowProblem } from './flow-problems';

export type YamlPath = readonly (string | number)[];

/** A flow that passed the schema, with a way back to the lines it came from. */
export interface LoadedFlow {
  definition: FlowDefinition;
  file: string;
  /** 1-based line of the value at `path`, or of its closest ancestor that exists. */
  lineOf(path: YamlPath): number;
}

export interface LoadedFlows {
  flows: LoadedFlow[];
  problems: FlowProblem[];
}

/** Reads every `*.yaml` flow in `dir` (files starting with `_` or `.` are not flows). */
export function loadFlows(dir: string): LoadedFlows {
  const problems: FlowProblem[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch (err) {
    const message = `cannot read the flows folder: ${(err as Error).message}`;
    return { flows: [], problems: [{ file: dir, line: 0, severity: 'error', code: 'read-failed', message }] };
  }
  const flows: LoadedFlow[] = [];
  for (const name of names) {
    if (!/\.ya?ml$/.test(name) || name.startsWith('_') || name.startsWith('.')) continue;
    const result = loadFlowFile(path.join(dir, name));
    problems.push(...result.problems);
    if (result.flow) flows.push(result.flow);
  }
  return { flows, problems };
}

export function loadFlowFile(file: string): { flow?: LoadedFlow; problems: FlowProblem[] } {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const message = `cannot read: ${(err as Error).message}`;
    return { problems: [{ file, line: 1, severity: 'error', code: 'read-failed', message }] };
  }
  return parseFlow(file, source);
}

/** Parses one flow's YAML text; never throws for bad content. */
export function parseFlow(file: string, source: string): { flow?: LoadedFlow; problems: FlowProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        severity: 'error' as const,
        code: 'yaml' as const,
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const lineOf = (at: YamlPath): number => locate(doc, lineCounter, at);
  const raw: unknown = doc.toJS();
  const parsed = flowSchema.safeParse(raw);
  if (!parsed.success) return { problems: schemaProblems(file, parsed.error, lineOf, unknownTypes(raw)) };
  const problems: FlowProblem[] = [];
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (parsed.data.id !== expected) {
    problems.push({
      file,
      line: lineOf(['id']),
      severity: 'error',
      code: 'file-name',
      message: `flow id "${parsed.data.id}" must match the file name "${expected}"`,
    });
  }
  return { flow: { definition: parsed.data, file, lineOf }, problems };
}

function locate(doc: Document, lineCounter: LineCounter, at: YamlPath): number {
  for (let length = at.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(at.slice(0, length), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

const NODE_TYPES = [
  'question',
  'collect',
  'step',
  'article',
  'branch',
  'resolved',
  'escalate',
  'ticket',
  'goto',
];

/** Nodes whose `type` is not a node type: one clear message beats the union's guesses. */
function unknownTypes(raw: unknown): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const nodes = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).nodes : undefined;
  if (!nodes || typeof nodes !== 'object') return found;
  for (const [id, node] of Object.entries(nodes as Record<string, unknown>)) {
    const type = node && typeof node === 'object' ? (node as Record<string, unknown>).type : undefined;
    if (!NODE_TYPES.includes(String(type))) found.set(id, type);
  }
  return found;
}

function schemaProblems(
  file: string,
  error: z.ZodError,
  lineOf: (at: YamlPath) => number,
  badTypes: ReadonlyMap<string, unknown>,
): FlowProblem[] {
  const typeProblems = [...badTypes].map(([id, type]) => ({
    file,
    line: lineOf(['nodes', id, 'type']),
    severity: 'error' as const,
    code: 'schema' as const,
    message: `nodes.${id}.type: unknown node type ${JSON.stringify(type)} (one of ${NODE_TYPES.join(', ')})`,
  }));
  const issues = flattenIssues(error.issues).filter(
    (issue) => !(issue.path[0] === 'nodes' && badTypes.has(String(issue.path[1]))),
  );
  return [
    ...typeProblems,
    ...issues.map((issue) => {
      const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return {
        file,
        line: lineOf(at),
        severity: 'error' as const,
        code: 'schema' as const,
        message: `${at.join('.') || '(root)'}: ${issue.message}`,
      };
    }),
  ];
}

/**
 * A node matching no member of the node union yields one "invalid input" issue holding every
 * member's complaints; the members with the fewest complaints explain the mistake best.
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
      out.push(issue);
      continue;
    }
    // A branch that failed only on its discriminator (wrong `type` or `input`) is not the one meant.
    const wrongKind = (e: z.core.$ZodIssue[]) =>
      e.every((i) => i.code === 'invalid_union' && i.errors.length === 0);
    const meant = issue.errors.filter((e) => !wrongKind(e));
    const candidates = meant.length > 0 ? meant : issue.errors;
    const fewest = Math.min(...candidates.map((e) => e.length));
    const best = candidates.find((e) => e.length === fewest) ?? [];
    const nested = flattenIssues(best).map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
    out.push(...(nested.length > 0 ? nested : [issue]));
  }
  return out;
}
