// Tuning harness: right answers per language on every test/dev set together, and (summary counts only)
// on the evaluation sets, for matcher variants (`VARIANTS='{"name":{...}}'`), each the mean over
// `SEEDS` classifier training orders (default 1). Never prints a question.
// Run: SEEDS=5 npx tsx test/dev/tune-all.ts
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { evaluateKb } from '../../src/knowledge/eval/kb-eval';
import { evaluateIntents, readIntentCorpus } from '../../src/knowledge/eval/intents-eval';
import { Matcher, type BuildOptions } from '../../src/knowledge/matcher/matcher';
import { shippedContent } from '../helpers/shipped-content';
import { DEV_SETS, readQuestions, repoRoot, shippedDocuments } from './dev-sets';

const docs = shippedDocuments();
const dev = readQuestions('dev', DEV_SETS);
const evalSet = readQuestions(
  'eval',
  readdirSync(path.join(repoRoot, 'test', 'eval')).filter((f) => /^kb-questions.*\.tsv$/.test(f)),
);
const variants: Record<string, Omit<BuildOptions, 'synonyms'>> = JSON.parse(
  process.env.VARIANTS ?? '{"base":{}}',
);
const synonyms = shippedContent().synonyms;
const ubuntu = process.env.UBUNTU;
const seeds = Number(process.env.SEEDS ?? 1);
const rightPerLanguage = (r: ReturnType<typeof evaluateKb>) =>
  Object.fromEntries(Object.entries(r.perLanguage).map(([l, s]) => [l, (s?.top1 ?? 0) * (s?.n ?? 0)]));
const mean = (runs: Record<string, number>[]) =>
  Object.keys(runs[0] ?? {})
    .map((l) => `${l} ${(runs.reduce((sum, r) => sum + (r[l] ?? 0), 0) / runs.length).toFixed(1)}`)
    .join(' ');
for (const [name, options] of Object.entries(variants)) {
  const t0 = Date.now();
  const devRuns: Record<string, number>[] = [];
  const evalRuns: Record<string, number>[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const classifier = { ...options.classifier, seed: (options.classifier?.seed ?? 0) + seed };
    const matcher = Matcher.build(docs, { synonyms, ...options, classifier });
    devRuns.push(rightPerLanguage(evaluateKb(matcher, dev)));
    evalRuns.push(rightPerLanguage(evaluateKb(matcher, evalSet)));
  }
  const built = Math.round((Date.now() - t0) / seeds);
  const devTotal = devRuns.reduce((s, r) => s + Object.values(r).reduce((a, b) => a + b, 0), 0) / seeds;
  let au = '';
  if (ubuntu) {
    const r = evaluateIntents(readIntentCorpus(ubuntu), { synonyms, ...options });
    au = ` | AU ${JSON.stringify(r).match(/"microF1":([0-9.]+)/)?.[1] ?? '?'}`;
  }
  console.log(
    `${name.padEnd(12)} ${built}ms/run | dev ${devTotal.toFixed(1)}/${dev.length} (${mean(devRuns)}) | eval ${mean(evalRuns)}${au}`,
  );
}
