/**
 * `npm run bench`: turns per second, p50/p99 turn latency, storage work (SQL statements per turn on
 * SQLite, round trips per turn on MongoDB), CPU ms per turn and RSS for concurrent simulated web
 * chat users through the built-in Direct Line endpoint, for FirstLine and for a bare botbuilder echo
 * bot behind the same channel and store. Each row runs after a warm-up until 5,000 turns or 20 s,
 * three times (FirstLine and echo alternating, so both meet the same machine), and reports the
 * median; then FirstLine's RSS after 10,000 conversations. Prints a table and saves
 * bench/results/directline.json and directline.md.
 * Options: BENCH_USERS (default 50); BENCH_TURNS (turns per user: fixed-size rows for a quick
 * look, instead of 5,000 turns / 20 s); BENCH_REPEATS (default 3); BENCH_CONVERSATIONS (default
 * 10000, 0 skips the RSS row); BENCH_MONGODB_URI (else FerretDB when installed); BENCH_CPU_PROFILE
 * (a directory: each server writes a V8 CPU profile of its measured turns there; summed up by
 * `tsx bench/profile-summary.ts <file>`).
 * Then the technicians' worklist on 100,000 tickets (bench/worklist.ts; WORKLIST_TICKETS,
 * WORKLIST_QUERIES), also saved as bench/results/worklist.json and worklist.md.
 * BENCH_ONLY=worklist runs only the worklist case (directline.json is left as it was).
 * Then getInsights over 100,000 case records (bench/insights.ts; INSIGHTS_CASES, INSIGHTS_QUERIES),
 * saved as bench/results/insights.json and insights.md; BENCH_ONLY=insights runs only that case.
 * BENCH_ONLY=sqlite or BENCH_ONLY=mongodb runs only that store's FirstLine/echo comparison and
 * prints it (a narrow row while tuning one store; nothing is saved, no worklist or insights case).
 * BENCH_ONLY=rss runs only the RSS row, BENCH_REPEATS times (a fresh server each time), and prints
 * each figure and their median (nothing is saved); with BENCH_HEAP_SNAPSHOT=dir each server also
 * writes a V8 heap snapshot there after its conversations (after the RSS is read).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runConversations, runLoad, type LoadPlan, type LoadResult } from './load';
import type { ServerStats } from './probe';
import { startFerretDb, type RunningFerretDb } from '../test/helpers/ferretdb';
import { findFerretDb } from '../test/helpers/mongo-target';
import { insightsLines, runInsightsBench, type InsightsResult } from './insights';
import { runWorklistBench, worklistLines, type WorklistResult } from './worklist';

const ROOT = path.join(__dirname, '..');
const USERS = Number(process.env.BENCH_USERS ?? 50);
const ONLY_STORE = ['sqlite', 'mongodb'].includes(process.env.BENCH_ONLY ?? '')
  ? (process.env.BENCH_ONLY as 'sqlite' | 'mongodb')
  : undefined;
const TURNS = process.env.BENCH_TURNS ? Number(process.env.BENCH_TURNS) : undefined;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const PROFILE = Boolean(process.env.BENCH_CPU_PROFILE);
const MEASURED: LoadPlan = TURNS ? { turnsPerUser: TURNS } : { minTurns: 5000, maxSeconds: 20 };
const WARM_UP: LoadPlan = TURNS ? { turnsPerUser: Math.min(TURNS, 2) } : { minTurns: 1000, maxSeconds: 5 };
/**
 * The heap flags `firstline serve` runs with (bin/firstline.js), for both bots alike. The servers load
 * TypeScript through tsx's loader in their own process: tsx's CLI would start a second process
 * without these flags.
 */
const SERVE_NODE_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=30'];

interface Target {
  name: string;
  script: string;
  env: Record<string, string>;
}

interface Sample extends LoadResult {
  statementsPerTurn: number;
  roundTripsPerTurn: number;
  cpuMsPerTurn: number;
  rssMiB: number;
}

function startServer(target: Target): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, '--import', 'tsx', target.script], {
    cwd: ROOT,
    env: { ...process.env, ...target.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${target.name} did not start`)), 60000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const port = /listening (\d+)/.exec(buffer)?.[1];
      if (port) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, url: `http://127.0.0.1:${port}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`${target.name} exited with ${code}`)));
  });
}

async function serverStats(url: string): Promise<ServerStats> {
  const res = await fetch(`${url}/bench/stats`);
  if (!res.ok) throw new Error(`bench stats: HTTP ${res.status}`);
  return (await res.json()) as ServerStats;
}

async function withServer<T>(target: Target, run: (url: string) => Promise<T>): Promise<T> {
  const { child, url } = await startServer(target);
  try {
    return await run(url);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** One sample of a row: a fresh server and data directory, warmed up, then measured. */
function measure(target: Target): Promise<Sample> {
  return withServer(target, async (url) => {
    await runLoad(url, USERS, WARM_UP); // JIT, SQLite caches, connection pools
    if (PROFILE) await fetch(`${url}/bench/profile`, { method: 'POST' });
    const before = await serverStats(url);
    const load = await runLoad(url, USERS, MEASURED);
    const after = await serverStats(url);
    if (PROFILE) {
      const { file } = (await (await fetch(`${url}/bench/profile`, { method: 'DELETE' })).json()) as {
        file: string;
      };
      console.log(`${target.name}: CPU profile of the measured turns in ${file}`);
    }
    const perTurn = (n: number) => (load.turns > 0 ? n / load.turns : NaN);
    return {
      ...load,
      statementsPerTurn: perTurn(after.statements - before.statements),
      roundTripsPerTurn: perTurn(after.roundTrips - before.roundTrips),
      cpuMsPerTurn: perTurn(after.cpuMs - before.cpuMs),
      rssMiB: after.rssBytes / 2 ** 20,
    };
  });
}

function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each figure is the median of its own samples (the row with median turns/s need not have the median p99). */
function medianRow(samples: Sample[]): Sample {
  const of = (key: keyof Sample) => median(samples.map((s) => s[key]));
  return {
    users: samples[0]!.users,
    turns: of('turns'),
    failed: of('failed'),
    seconds: of('seconds'),
    turnsPerSecond: of('turnsPerSecond'),
    p50Ms: of('p50Ms'),
    p99Ms: of('p99Ms'),
    statementsPerTurn: of('statementsPerTurn'),
    roundTripsPerTurn: of('roundTripsPerTurn'),
    cpuMsPerTurn: of('cpuMsPerTurn'),
    rssMiB: of('rssMiB'),
  };
}

interface StorageTarget {
  label: string;
  kind: 'sqlite' | 'mongodb';
  env: Record<string, string>;
  stop?: () => Promise<void>;
}

/**
 * The embedded store always; MongoDB too when BENCH_MONGODB_URI is set, or else on a FerretDB this
 * run starts itself when the binary is installed (scripts/install-ferretdb.sh).
 */
async function storageTargets(): Promise<StorageTarget[]> {
  const targets: StorageTarget[] =
    ONLY_STORE === 'mongodb'
      ? []
      : [{ label: 'embedded (SQLite)', kind: 'sqlite', env: { MONGODB_URI: '' } }];
  if (ONLY_STORE === 'sqlite') return targets;
  if (process.env.BENCH_MONGODB_URI) {
    targets.push({ label: 'MongoDB', kind: 'mongodb', env: { MONGODB_URI: process.env.BENCH_MONGODB_URI } });
    return targets;
  }
  const binary = findFerretDb();
  if (!binary) {
    console.log(
      'MongoDB figures skipped: no BENCH_MONGODB_URI and no FerretDB binary (scripts/install-ferretdb.sh).',
    );
    return targets;
  }
  const ferret: RunningFerretDb = await startFerretDb(binary);
  targets.push({
    label: 'MongoDB wire (FerretDB 1.24, SQLite handler)',
    kind: 'mongodb',
    env: { MONGODB_URI: ferret.uri },
    stop: ferret.stop,
  });
  return targets;
}

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-bench-'));

function firstLine(storage: StorageTarget, run: number): Target {
  return {
    name: 'FirstLine',
    script: 'bench/firstline-server.ts',
    env: {
      ...storage.env,
      DATA_DIR: dataDir(),
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000000',
      KB_WATCH: 'false',
      MONGODB_DB: `bench_firstline_${run}`,
    },
  };
}

function echo(storage: StorageTarget, run: number): Target {
  return {
    name: 'echo',
    script: 'bench/echo-server.ts',
    env: { ...storage.env, DATA_DIR: dataDir(), MONGODB_DB: `bench_echo_${run}` },
  };
}

interface Row extends Sample {
  bot: string;
  storage: string;
  samples: Sample[];
}

interface Comparison {
  storage: string;
  throughputRatio: number;
  p99Ratio: number;
}

async function compare(storage: StorageTarget): Promise<{ rows: Row[]; comparison: Comparison }> {
  const samples: { firstline: Sample[]; echo: Sample[] } = { firstline: [], echo: [] };
  for (let run = 1; run <= REPEATS; run++) {
    samples.firstline.push(await measure(firstLine(storage, run)));
    samples.echo.push(await measure(echo(storage, run)));
    console.log(`${storage.label}: run ${run} of ${REPEATS} done`);
  }
  const fl = medianRow(samples.firstline);
  const bare = medianRow(samples.echo);
  const comparison = {
    storage: storage.label,
    throughputRatio: fl.turnsPerSecond / bare.turnsPerSecond,
    p99Ratio: fl.p99Ms / bare.p99Ms,
  };
  return {
    rows: [
      { bot: 'FirstLine', storage: storage.label, ...fl, samples: samples.firstline },
      { bot: 'bare echo bot', storage: storage.label, ...bare, samples: samples.echo },
    ],
    comparison,
  };
}

/** RSS of one FirstLine server after CONVERSATIONS conversations of one turn each (embedded store). */
async function rssAfterConversations(
  storage: StorageTarget,
): Promise<{ conversations: number; failed: number; rssMiB: number; memory: ServerStats['memory'] }> {
  return withServer(firstLine(storage, 0), async (url) => {
    const failed = await runConversations(url, CONVERSATIONS, USERS);
    const stats = await serverStats(url);
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      const res = await fetch(`${url}/bench/heap-snapshot`, { method: 'POST' });
      console.log(`FirstLine: heap snapshot in ${((await res.json()) as { file: string }).file}`);
    }
    return { conversations: CONVERSATIONS, failed, rssMiB: stats.rssBytes / 2 ** 20, memory: stats.memory };
  });
}

const fixed = (n: number, digits = 1) => (Number.isNaN(n) ? '-' : n.toFixed(digits));

function tableLines(rows: Row[]): string[] {
  const header = [
    'bot',
    'storage',
    'users',
    'turns',
    'failed',
    'turns/s',
    'p50 ms',
    'p99 ms',
    'SQL/turn',
    'round trips/turn',
    'CPU ms/turn',
    'RSS MiB',
  ];
  const lines = rows.map((r) => [
    r.bot,
    r.storage,
    String(r.users),
    fixed(r.turns, 0),
    fixed(r.failed, 0),
    fixed(r.turnsPerSecond),
    fixed(r.p50Ms),
    fixed(r.p99Ms),
    r.statementsPerTurn > 0 ? fixed(r.statementsPerTurn) : '-',
    r.roundTripsPerTurn > 0 ? fixed(r.roundTripsPerTurn) : '-',
    fixed(r.cpuMsPerTurn, 2),
    fixed(r.rssMiB, 0),
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`);
}

const machineInfo = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
});

/** The worklist case: printed, and saved on its own so that BENCH_ONLY=worklist keeps the rest. */
async function worklist(): Promise<{ result: WorklistResult; lines: string[] }> {
  const result = await runWorklistBench();
  const lines = worklistLines(result);
  console.log(`\n${lines.join('\n')}`);
  const machine = machineInfo();
  const date = new Date().toISOString();
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'worklist.json'),
    `${JSON.stringify({ date, machine, ...result }, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'worklist.md'),
    `# npm run bench (worklist), ${date}\n\n${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, ${machine.memoryGiB} GiB, Node ${machine.node}\n\n${lines.join('\n')}\n`,
  );
  console.log('saved bench/results/worklist.json and worklist.md');
  return { result, lines };
}

/** The insights case: printed, and saved on its own so that BENCH_ONLY=insights keeps the rest. */
async function insights(): Promise<{ result: InsightsResult; lines: string[] }> {
  const result = await runInsightsBench();
  const lines = insightsLines(result);
  console.log(`\n${lines.join('\n')}`);
  const machine = machineInfo();
  const date = new Date().toISOString();
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'insights.json'),
    `${JSON.stringify({ date, machine, ...result }, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'insights.md'),
    `# npm run bench (insights), ${date}\n\n${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, ${machine.memoryGiB} GiB, Node ${machine.node}\n\n${lines.join('\n')}\n`,
  );
  console.log('saved bench/results/insights.json and insights.md');
  return { result, lines };
}

/** BENCH_ONLY=rss: the RSS row alone, BENCH_REPEATS times, each and the median printed. */
async function rssOnly(): Promise<void> {
  const figures: number[] = [];
  for (let run = 1; run <= REPEATS; run++) {
    const memory = await rssAfterConversations({
      label: 'embedded (SQLite)',
      kind: 'sqlite',
      env: { MONGODB_URI: '' },
    });
    figures.push(memory.rssMiB);
    console.log(
      `run ${run} of ${REPEATS}: FirstLine RSS after ${memory.conversations} conversations (embedded): ${memory.rssMiB.toFixed(0)} MiB ` +
        `(heap used ${memory.memory.heapUsed} of ${memory.memory.heapTotal} MiB, external ${memory.memory.external} MiB; ${memory.failed} failed)`,
    );
  }
  const mib = median(figures);
  console.log(`median of ${REPEATS}: ${mib.toFixed(0)} MiB (${((mib * 2 ** 20) / 1e6).toFixed(0)} MB)`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'rss') {
    await rssOnly();
    return;
  }
  if (process.env.BENCH_ONLY === 'worklist') {
    await worklist();
    return;
  }
  if (process.env.BENCH_ONLY === 'insights') {
    await insights();
    return;
  }
  const rows: Row[] = [];
  const comparisons: Comparison[] = [];
  let memory: { conversations: number; failed: number; rssMiB: number } | undefined;
  for (const storage of await storageTargets()) {
    try {
      const { rows: pair, comparison } = await compare(storage);
      rows.push(...pair);
      comparisons.push(comparison);
      if (storage.kind === 'sqlite' && CONVERSATIONS > 0) memory = await rssAfterConversations(storage);
    } finally {
      await storage.stop?.();
    }
  }
  const plan = TURNS ? `${TURNS} turns per user` : 'until 5,000 turns or 20 s after a warm-up';
  const lines = [
    `${USERS} users, ${plan}, median of ${REPEATS} runs each.`,
    '',
    ...tableLines(rows),
    '',
    ...comparisons.map(
      (c) =>
        `${c.storage}: FirstLine/echo throughput ratio ${c.throughputRatio.toFixed(2)}, ` +
        `FirstLine p99 / echo p99 ${c.p99Ratio.toFixed(2)}`,
    ),
    ...(memory
      ? [
          `FirstLine RSS after ${memory.conversations} conversations (embedded): ${memory.rssMiB.toFixed(0)} MiB (${memory.failed} failed)`,
        ]
      : []),
  ];
  console.log(`\n${lines.join('\n')}`);
  if (ONLY_STORE) return;
  const tickets = await worklist();
  lines.push('', ...tickets.lines);
  const reports = await insights();
  lines.push('', ...reports.lines);
  const machine = machineInfo();
  const result = {
    date: new Date().toISOString(),
    machine,
    users: USERS,
    plan: MEASURED,
    repeats: REPEATS,
    rows,
    comparisons,
    memory,
    worklist: tickets.result,
    insights: reports.result,
  };
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'directline.json'), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, 'directline.md'),
    `# npm run bench, ${result.date}\n\n${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, ${machine.memoryGiB} GiB, Node ${machine.node}\n\n${lines.join('\n')}\n`,
  );
  console.log('saved bench/results/directline.json and directline.md');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
