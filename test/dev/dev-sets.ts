// The shipped knowledge base and every dev question set, read the same way by each tuning script.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseKbQuestions } from '../../src/knowledge/eval/kb-eval';
import { readKbDocuments } from '../../src/knowledge/eval/kb-reader';

export const repoRoot = path.join(__dirname, '..', '..');

export const DEV_SETS = [
  'kb-dev-questions.tsv',
  'kb-dev-chatty.tsv',
  'kb-dev-topics60.de.tsv',
  'kb-dev-topics60.en.tsv',
  'kb-dev-topics60.pl.tsv',
  'kb-dev-older26.pl.tsv',
];

/** Questions of the given files under test/<dir>. */
export function readQuestions(dir: string, files: readonly string[]) {
  return files.flatMap((f) => parseKbQuestions(readFileSync(path.join(repoRoot, 'test', dir, f), 'utf8')));
}

export const shippedDocuments = () => readKbDocuments(path.join(repoRoot, 'content', 'kb'));
