import fs from 'node:fs';
import { isMap, LineCounter, parseDocument, type Node } from 'yaml';
import type { KbProblem, KbProblemCode } from './types';

/** Reads a YAML file; returns its plain value or the problems that stopped it being read. */
export function readYamlFile(
  file: string,
  code: KbProblemCode,
): { value?: unknown; keyLines?: Record<string, number>; problems: KbProblem[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return {
      problems: [
        { file, line: 1, severity: 'error', code, message: `cannot read: ${(err as Error).message}` },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        severity: 'error' as const,
        code,
        message: `invalid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const keyLines: Record<string, number> = {};
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = pair.key as (Node & { value?: unknown }) | null;
      if (key?.range) keyLines[String(key.value)] = lineCounter.linePos(key.range[0]).line;
    }
  }
  return { value: doc.toJS(), keyLines, problems: [] };
}
