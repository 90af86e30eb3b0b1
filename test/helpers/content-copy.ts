import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/commands/content';

/** The shipped content folder of this checkout. */
export const SHIPPED_CONTENT = path.join(__dirname, '..', '..', 'content');

/** A writable copy of the shipped content in a temporary folder (the caller removes it). */
export function copyShippedContent(prefix = 'firstline-content-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(SHIPPED_CONTENT, dir, { recursive: true });
  return dir;
}

/** Runs `firstline content check` on a content folder, with what it printed. */
export async function runContentCheck(contentDir: string): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  const error = jest.spyOn(console, 'error').mockImplementation(capture);
  const log = jest.spyOn(console, 'log').mockImplementation(capture);
  try {
    const code = await run(['check', '--content', contentDir]);
    return { code, output: lines.join('\n') };
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
}
