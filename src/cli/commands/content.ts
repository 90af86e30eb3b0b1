import fs from 'node:fs';
import path from 'node:path';
import { checkSmallTalk } from '../../dialogs/small-talk';
import { Catalogue } from '../../i18n';
import { checkPrivacyContent } from '../../privacy';
import { loadTaxonomy } from '../../knowledge/articles';

export const summary = 'check all content: UI strings, knowledge base (and flows when present)';

interface ContentCheck {
  name: string;
  run(contentDir: string): Promise<number>;
}

const CHECKS: ContentCheck[] = [
  { name: 'UI strings', run: checkCatalogue },
  { name: 'redaction word lists and markers', run: checkPrivacy },
  { name: 'small talk and scope', run: checkSmallTalkContent },
  { name: 'knowledge base', run: () => runCommand('kb', ['check']) },
  { name: 'diagnostic flows', run: () => runCommand('flows', ['check']) },
];

/** `firstline content check`: every content check in one command, as CI runs it. */
export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'check') {
    console.error('Usage: firstline content check [--content <dir>]');
    return 2;
  }
  const dirFlag = args.indexOf('--content');
  const contentDir = path.resolve(
    dirFlag >= 0 ? (args[dirFlag + 1] ?? 'content') : (process.env.CONTENT_DIR ?? 'content'),
  );
  // Sub-commands read their folders from the same settings the server uses.
  process.env.CONTENT_DIR = contentDir;
  let failed = 0;
  for (const check of CHECKS) {
    const code = await check.run(contentDir);
    console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${check.name}`);
    if (code !== 0) failed += 1;
  }
  return failed === 0 ? 0 : 1;
}

async function checkCatalogue(contentDir: string): Promise<number> {
  const { problems } = Catalogue.check(path.join(contentDir, 'i18n'));
  for (const p of problems) console.error(`${p.file}: ${p.problem}`);
  return problems.length === 0 ? 0 : 1;
}

async function checkPrivacy(contentDir: string): Promise<number> {
  const problems = checkPrivacyContent(path.join(contentDir, 'privacy'));
  for (const p of problems) console.error(`privacy: ${p}`);
  return problems.length === 0 ? 0 : 1;
}

async function checkSmallTalkContent(contentDir: string): Promise<number> {
  const { taxonomy, problems: taxonomyProblems } = loadTaxonomy(path.join(contentDir, 'taxonomy.yaml'));
  const topics = taxonomyProblems.length > 0 ? undefined : new Set(taxonomy.topics.keys());
  const { problems } = checkSmallTalk(path.join(contentDir, 'small-talk'), topics);
  for (const p of problems) console.error(`${p.file}: ${p.problem}`);
  return problems.length === 0 ? 0 : 1;
}

async function runCommand(name: string, args: string[]): Promise<number> {
  const file = path.join(__dirname, `${name}${path.extname(__filename)}`);
  if (!fs.existsSync(file)) {
    console.log(`(no "${name}" command in this build: skipped)`);
    return 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const command = require(file) as { run(args: string[]): Promise<number> };
  return command.run(args);
}
