import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isLang, type Lang } from '../../i18n/languages';
import { flowDocuments } from '../../dialogs/flows/flow-library';
import { loadFlows } from '../../dialogs/flows/load-flows';
import { readKbDocuments } from '../../knowledge/eval/kb-reader';
import { Matcher, type MatchResponse } from '../../knowledge/matcher';
import { contentPathsFromEnv } from '../../content';
import { loadSynonymsOrReport } from './content';

export const summary = 'match a question against the knowledge base';

const USAGE =
  'usage: firstline match [--json] [--lang <en|de|pl|ro>] [--kb <dir>] [--flows <dir>] ["question"]  (no question: one per line on stdin)';

function toJson(r: MatchResponse): string {
  return JSON.stringify({
    language: r.language,
    decision: r.decision,
    crossLingual: r.crossLingual,
    results: r.results.map((x) => ({
      kind: x.kind,
      id: x.id,
      topic: x.topic,
      title: x.title,
      language: x.language,
      score: x.score,
      confidence: x.confidence,
    })),
  });
}

function toTable(question: string, r: MatchResponse): string {
  const lines = [
    `"${question}"  language=${r.language} decision=${r.decision}${r.crossLingual ? ' (cross-lingual)' : ''}`,
  ];
  r.results.forEach((x, i) => {
    lines.push(
      `  ${i + 1}. ${x.confidence.toFixed(2)}  ${x.score.toFixed(3)}  ${x.topic.padEnd(24)} ${x.id} [${x.language}] ${x.title}`,
    );
  });
  if (r.results.length === 0) lines.push('  (no match)');
  return lines.join('\n');
}

interface Parsed {
  json: boolean;
  lang: Lang;
  kb: string;
  /** Diagnostic flows whose triggers are matched too; default: the `flows` folder next to the KB. */
  flows?: string;
  text?: string;
}

function parse(args: string[]): Parsed | string {
  const parsed: Parsed = { json: false, lang: 'en', kb: contentPathsFromEnv(process.env).kbDir };
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--json') parsed.json = true;
    else if (a === '--lang') {
      const l = args[++i];
      if (!isLang(l)) return `--lang must be one of en, de, pl, ro`;
      parsed.lang = l;
    } else if (a === '--kb') parsed.kb = args[++i] ?? parsed.kb;
    else if (a === '--flows') parsed.flows = args[++i];
    else words.push(a);
  }
  if (words.length > 0) parsed.text = words.join(' ');
  return parsed;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  const synonyms = loadSynonymsOrReport(contentPathsFromEnv(process.env));
  if (!synonyms) return 1;
  let matcher: Matcher;
  try {
    const flowsDir = path.resolve(parsed.flows ?? path.join(parsed.kb, '..', 'flows'));
    const flows = fs.existsSync(flowsDir)
      ? loadFlows(flowsDir).flows.flatMap((f) => flowDocuments(f.definition))
      : [];
    matcher = Matcher.build([...readKbDocuments(path.resolve(parsed.kb)), ...flows], { synonyms });
  } catch (err) {
    console.error(`match: cannot read ${parsed.kb}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const answer = (q: string): string => {
    const r = matcher.match(q, { language: parsed.lang });
    return parsed.json ? toJson(r) : toTable(q, r);
  };
  if (parsed.text !== undefined) {
    console.log(answer(parsed.text));
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity }))
    console.log(answer(line));
  return 0;
}
