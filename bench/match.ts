// Matcher benchmark: index build time, heap growth and match latency on the shipped knowledge
// base and on a generated one of 10,000 articles. Prints a table, writes bench/results/match.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { LANGUAGES } from '../src/i18n/languages';
import { readKbDocuments } from '../src/knowledge/eval/kb-reader';
import { Matcher, type MatchDocument } from '../src/knowledge/matcher';
import { shippedContent } from '../test/helpers/shipped-content';

const QUERIES = 3000;

/** Deterministic pseudo-random numbers so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function wordsOf(docs: readonly MatchDocument[]): string[] {
  const all = docs.flatMap((d) => [d.title, ...d.examples, d.body].join(' ').split(/\s+/));
  return [...new Set(all.filter((w) => /^\p{L}{3,}$/u.test(w)))];
}

/** Articles made of the shipped vocabulary, with the shipped articles' shape (title, ~12 examples, body). */
function generate(count: number, vocabulary: readonly string[]): MatchDocument[] {
  const random = rng(42);
  const pick = (n: number): string =>
    Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)] ?? 'x').join(' ');
  return Array.from({ length: count }, (_, i) => ({
    kind: 'article' as const,
    id: `generated-${i}`,
    topic: `generated.t${i % 50}`,
    title: pick(6),
    language: LANGUAGES[i % LANGUAGES.length] ?? 'en',
    examples: Array.from({ length: 12 }, () => pick(7)),
    tags: pick(6).split(' '),
    body: pick(250),
  }));
}

function queriesFrom(docs: readonly MatchDocument[], count: number): string[] {
  const random = rng(7);
  const pool = docs.flatMap((d) => d.examples);
  return Array.from({ length: count }, (_, i) => {
    const q = pool[Math.floor(random() * pool.length)] ?? '';
    // Every fourth query gets a typo, every tenth is long: latency must hold for both.
    if (i % 10 === 0) return `${q} ${q} ${q} ${q} ${q}`;
    return i % 4 === 0 ? q.replace(/(\p{L})(\p{L})/u, '$2$1') : q;
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function measure(name: string, docs: MatchDocument[]): Record<string, number | string> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const matcher = Matcher.build(docs, { synonyms: shippedContent().synonyms });
  const buildMs = performance.now() - started;
  const buildCpu = process.cpuUsage(cpuStarted);
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const queries = queriesFrom(docs, QUERIES);
  for (const q of queries.slice(0, 200)) matcher.match(q); // warm-up
  const cpuTimes: number[] = [];
  const threadTimes: number[] = [];
  const times = queries.map((q, i) => {
    const c = process.cpuUsage();
    const th = process.threadCpuUsage();
    const t = performance.now();
    matcher.match(q, { language: LANGUAGES[i % 4] });
    const wall = performance.now() - t;
    const cpu = process.cpuUsage(c);
    const thread = process.threadCpuUsage(th);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    threadTimes.push((thread.user + thread.system) / 1000);
    return wall;
  });
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  threadTimes.sort((a, b) => a - b);
  return {
    kb: name,
    documents: docs.length,
    buildMs: Math.round(buildMs),
    // CPU time as well: on a shared, busy machine wall time mostly measures the other processes.
    buildCpuMs: Math.round((buildCpu.user + buildCpu.system) / 1000),
    heapMb: Math.round(heapMb * 10) / 10,
    queries: QUERIES,
    p50Ms: Math.round(percentile(times, 50) * 1000) / 1000,
    p99Ms: Math.round(percentile(times, 99) * 1000) / 1000,
    maxMs: Math.round(percentile(times, 100) * 1000) / 1000,
    cpuP50Ms: Math.round(percentile(cpuTimes, 50) * 1000) / 1000,
    cpuP99Ms: Math.round(percentile(cpuTimes, 99) * 1000) / 1000,
    // The process figure also counts V8's background threads (GC, compilation); this is the
    // matching thread alone.
    threadCpuP99Ms: Math.round(percentile(threadTimes, 99) * 1000) / 1000,
    loadAvg: Math.round((loadavg()[0] ?? 0) * 10) / 10,
  };
}

function main(): void {
  const shipped = readKbDocuments(path.resolve(__dirname, '..', 'content', 'kb'));
  const rows = [measure('shipped', shipped), measure('generated', generate(10_000, wordsOf(shipped)))];
  console.table(rows);
  const out = path.join(__dirname, 'results', 'match.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results: rows }, null, 2)}\n`,
  );
  console.log(`saved ${path.relative(process.cwd(), out)}`);
}

main();
