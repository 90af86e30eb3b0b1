import fs from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** One thing wrong with a content file, pointing at the line an author has to change. */
export interface ContentProblem {
  file: string;
  /** 1-based; 1 when the problem is the file as a whole (missing, empty). */
  line: number;
  /** Warnings (a missing translation, a stale article) do not fail `firstline content check`. */
  severity: 'error' | 'warning';
  message: string;
}

export type YamlPath = readonly (string | number)[];

/** A YAML file read without throwing: its plain value and a way back to its lines. */
export interface YamlFile {
  file: string;
  value?: unknown;
  /** 1-based line of the value at `path`, or of its closest ancestor that exists. */
  lineOf(path: YamlPath): number;
  problems: ContentProblem[];
}

/** Reads and parses a YAML file; parse errors carry the line the parser stopped at. */
export function readYamlFile(file: string): YamlFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : (err as Error).message;
    return { file, lineOf: () => 1, problems: [{ file, line: 1, severity: 'error', message: `cannot read: ${reason}` }] };
  }
  return parseYamlText(file, text);
}

export function parseYamlText(file: string, text: string, lineOffset = 0): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      file,
      lineOf: () => 1 + lineOffset,
      problems: doc.errors.slice(0, 3).map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line + lineOffset,
        severity: 'error' as const,
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const lineOf = (at: YamlPath): number => locate(doc, lineCounter, at) + lineOffset;
  return { file, value: doc.toJS(), lineOf, problems: [] };
}

function locate(doc: Document, lineCounter: LineCounter, at: YamlPath): number {
  for (let length = at.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(at.slice(0, length), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

/** Validates a parsed file against its schema; each issue is reported at the line of its node. */
export function validate<T>(
  read: YamlFile,
  schema: z.ZodType<T>,
): { value?: T; problems: ContentProblem[] } {
  if (read.problems.length > 0) return { problems: read.problems };
  const parsed = schema.safeParse(read.value);
  if (parsed.success) return { value: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.slice(0, 20).map((issue) => {
      const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      // An unknown key is reported where it is written, not at the start of its parent.
      const unknown = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      return {
        file: read.file,
        line: read.lineOf(unknown === undefined ? at : [...at, unknown]),
        severity: 'error' as const,
        message: `${at.join('.') || '(file)'}: ${issue.message}`,
      };
    }),
  };
}

export function formatContentProblem(problem: ContentProblem): string {
  return `${problem.file}:${problem.line}: ${problem.severity}: ${problem.message}`;
}
