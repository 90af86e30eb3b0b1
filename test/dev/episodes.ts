// Few-shot intent episodes for tuning the matcher on data that is neither ours nor an evaluation
// set: each episode takes 4 intents of one domain plus a "None" intent of other sentences, with
// 6, 10 or 15 training sentences per intent and 20 test sentences, like the small NLU corpora.
// The corpora are public and stay outside the project:
//   CLINC150 (github.com/clinc/oos-eval, CC BY 3.0): data/data_full.json and data/domains.json
//   HWU64 (github.com/xliuhw/NLU-Evaluation-Data, CC BY 4.0): the KFold_1 csv files, concatenated
// Run: npx tsx test/dev/episodes.ts --clinc data_full.json domains.json --hwu hwu-all.csv
// VARIANTS='{"name":{...BuildOptions}}' compares settings, as in tune.ts.
import { readFileSync } from 'node:fs';
import type { IntentCorpus } from '../../src/knowledge/eval/intents-eval';
import { intentDocuments } from '../../src/knowledge/eval/intents-eval';
import { Matcher, type BuildOptions } from '../../src/knowledge/matcher/matcher';
import { shippedContent } from '../helpers/shipped-content';

type Pools = Map<string, Map<string, string[]>>; // domain → intent → sentences

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sample<T>(list: readonly T[], n: number, random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

function add(pools: Pools, domain: string, intent: string, text: string): void {
  const intents = pools.get(domain) ?? new Map<string, string[]>();
  pools.set(domain, intents);
  const list = intents.get(intent) ?? [];
  intents.set(intent, list);
  if (!list.includes(text)) list.push(text);
}

function clinc(dataFile: string, domainsFile: string): Pools {
  const data = JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, [string, string][]>;
  const domains = JSON.parse(readFileSync(domainsFile, 'utf8')) as Record<string, string[]>;
  const domainOf = new Map(Object.entries(domains).flatMap(([d, list]) => list.map((i) => [i, d])));
  const pools: Pools = new Map();
  for (const split of ['train', 'val', 'test'])
    for (const [text, intent] of data[split] ?? []) add(pools, domainOf.get(intent) ?? 'other', intent, text);
  return pools;
}

function hwu(csvFile: string): Pools {
  const pools: Pools = new Map();
  for (const line of readFileSync(csvFile, 'utf8').split('\n')) {
    const cells = line.split(';').map((c) => c.replace(/^"|"$/g, ''));
    if (cells.length < 6 || cells[0] === 'answerid') continue;
    const text = (cells[5] ?? '').replace(/[<>]/g, '').trim();
    if (text) add(pools, cells[1] ?? '', `${cells[1]}_${cells[2]}`, text);
  }
  return pools;
}

function episodes(pools: Pools, count: number, seed: number): IntentCorpus[] {
  const random = rng(seed);
  const domains = [...pools].filter(
    ([, intents]) => [...intents.values()].filter((l) => l.length >= 35).length >= 4,
  );
  const out: IntentCorpus[] = [];
  for (let e = 0; e < count; e++) {
    const [domain, intents] = domains[e % domains.length] ?? ['', new Map<string, string[]>()];
    const shots = [6, 10, 15][Math.floor(random() * 3)] ?? 10;
    const chosen = sample(
      [...intents].filter(([, l]) => l.length >= 35),
      4,
      random,
    );
    const sentences = chosen.flatMap(([intent, list]) =>
      sample(list, shots + 20, random).map((text, k) => ({ text, intent, training: k < shots })),
    );
    const others = [...pools].filter(([d]) => d !== domain).flatMap(([, m]) => [...m.values()].flat());
    sample(others, 10, random).forEach((text, k) =>
      sentences.push({ text, intent: 'None', training: k < 5 }),
    );
    out.push({ lang: 'en', sentences });
  }
  return out;
}

function accuracy(list: readonly IntentCorpus[], options: Omit<BuildOptions, 'synonyms'>): number {
  let right = 0;
  let total = 0;
  for (const corpus of list) {
    const matcher = Matcher.build(intentDocuments(corpus), {
      synonyms: shippedContent().synonyms,
      ...options,
    });
    for (const s of corpus.sentences.filter((x) => !x.training)) {
      total++;
      if ((matcher.match(s.text, { limit: 1 }).results[0]?.id ?? 'None') === s.intent) right++;
    }
  }
  return right / Math.max(1, total);
}

const args = process.argv.slice(2);
const sets: [string, IntentCorpus[]][] = [];
const c = args.indexOf('--clinc');
if (c >= 0) sets.push(['CLINC150', episodes(clinc(args[c + 1] ?? '', args[c + 2] ?? ''), 60, 7)]);
const h = args.indexOf('--hwu');
if (h >= 0) sets.push(['HWU64', episodes(hwu(args[h + 1] ?? ''), 60, 11)]);
const variants: Record<string, Omit<BuildOptions, 'synonyms'>> = JSON.parse(
  process.env.VARIANTS ?? '{"base":{}}',
);
for (const [name, options] of Object.entries(variants))
  console.log(
    name.padEnd(14),
    sets.map(([set, list]) => `${set} ${(100 * accuracy(list, options)).toFixed(2)} %`).join('  '),
  );
