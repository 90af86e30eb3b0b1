import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { copyShippedContent } from './content-copy';

/**
 * A copy of the shipped content whose taxonomy reaches `team` by these ways (content/taxonomy.yaml
 * `teams`), as an organisation would write it.
 */
export function contentWithTeamContact(team: string, contact: Record<string, unknown>): string {
  const dir = copyShippedContent('firstline-feedback-');
  const file = path.join(dir, 'taxonomy.yaml');
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  doc.setIn(['teams', team], doc.createNode({ name: team, ...contact }));
  fs.writeFileSync(file, doc.toString());
  return dir;
}
