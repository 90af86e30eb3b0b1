import fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { KbProblem, KbProblemCode } from './types';

/** Reads a YAML file; returns its plain value or the problems that stopped it being read. */
export function readYamlFile(file: string, code: KbProblemCode): { value?: unknown; problems: KbProblem[] } {
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
  return { value: doc.toJS(), problems: [] };
}
