import fs from 'node:fs';
import path from 'node:path';
import { loadMessageCatalogue } from '../../content';
import {
  checkFlowContent,
  flowJsonSchema,
  formatFlowProblem,
  REQUIRED_STRINGS,
  STRINGS_DIR,
  type FlowProblem,
} from '../../dialogs/flows';
import { Catalogue } from '../../i18n';

export const summary = 'diagnostic flows: check them, write the JSON Schema for editors';

const USAGE = `Usage:
  firstline flows check [--flows <dir>] [--strings <dir>] [--kb <dir>] [--taxonomy <file>] [--org <file>] [--json]
  firstline flows schema [--out <file>]   (default: <flows dir>/flow.schema.json; "-" prints it)`;

interface Parsed {
  flows: string;
  kb: string;
  taxonomy: string;
  org: string;
  strings?: string;
  out?: string;
  json: boolean;
}

const VALUE_FLAGS: Record<string, keyof Parsed> = {
  '--flows': 'flows',
  '--kb': 'kb',
  '--taxonomy': 'taxonomy',
  '--org': 'org',
  '--out': 'out',
  '--strings': 'strings',
};

/** Paths as the server resolves them (CONTENT_DIR, KB_DIR, ORG_CONFIG_FILE), overridable by flags. */
function parse(args: string[]): Parsed | string {
  const contentDir = path.resolve(process.env.CONTENT_DIR || 'content');
  const parsed: Parsed = {
    flows: path.join(contentDir, 'flows'),
    kb: process.env.KB_DIR || path.join(contentDir, 'kb'),
    taxonomy: path.join(contentDir, 'taxonomy.yaml'),
    org: process.env.ORG_CONFIG_FILE || path.join(contentDir, 'organisation.yaml'),
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const key = VALUE_FLAGS[arg];
    if (key) {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      (parsed as unknown as Record<string, string>)[key] = value;
    } else if (arg === '--json') parsed.json = true;
    else return `unknown argument ${arg}`;
  }
  return parsed;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const parsed = parse(rest);
  if (typeof parsed === 'string') {
    console.error(`firstline flows: ${parsed}\n${USAGE}`);
    return 2;
  }
  if (sub === 'check') return check(parsed);
  if (sub === 'schema') return writeSchema(parsed);
  console.error(USAGE);
  return 2;
}

function check(parsed: Parsed): number {
  const flowsDir = path.resolve(parsed.flows);
  // The engine's strings through the content loader, so their problems carry their lines.
  const strings = loadMessageCatalogue(
    path.resolve(parsed.strings ?? path.join(flowsDir, STRINGS_DIR)),
    REQUIRED_STRINGS,
  );
  const stringProblems: FlowProblem[] = strings.problems.map((p) => ({ ...p, code: 'strings' }));
  const result = checkFlowContent({
    flowsDir,
    strings: strings.catalogue ?? Catalogue.fromMessages({ en: {}, de: {}, pl: {}, ro: {} }),
    kbDir: path.resolve(parsed.kb),
    taxonomyFile: path.resolve(parsed.taxonomy),
    orgFile: path.resolve(parsed.org),
  });
  const { flows } = result;
  const problems = [...stringProblems, ...result.problems];
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (parsed.json) {
    console.log(JSON.stringify({ flows: flows.length, errors, warnings }, null, 2));
  } else {
    for (const problem of problems) console.log(formatFlowProblem(problem));
    const verdict = errors.length > 0 ? 'FAILED' : 'ok';
    console.log(
      `flows check ${verdict}: ${flows.length} flows, ${errors.length} errors, ${warnings.length} warnings`,
    );
  }
  return errors.length > 0 ? 1 : 0;
}

function writeSchema(parsed: Parsed): number {
  const text = `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
  if (parsed.out === '-') {
    process.stdout.write(text);
    return 0;
  }
  const out = path.resolve(parsed.out ?? path.join(parsed.flows, 'flow.schema.json'));
  fs.writeFileSync(out, text);
  console.log(`wrote ${out}`);
  return 0;
}
