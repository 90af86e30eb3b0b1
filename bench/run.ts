/**
 * `npm run bench`: turns per second and p50/p99 turn latency for N concurrent simulated web chat
 * users through the built-in Direct Line endpoint, for FirstLine and for a bare botbuilder echo
 * bot behind the same channel. Prints a table and saves bench/results/directline.json.
 * Options: BENCH_USERS (default 20), BENCH_TURNS (turns per user, default 10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad, type LoadResult } from './load';
import { startFerretDb, type RunningFerretDb } from '../test/helpers/ferretdb';
import { findFerretDb } from '../test/helpers/mongo-target';

const ROOT = path.join(__dirname, '..');
const USERS = Number(process.env.BENCH_USERS ?? 20);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);

interface Target {
  name: string;
  command: string[];
  env: Record<string, string>;
}

function startServer(target: Target): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, target.command, {
    cwd: ROOT,
    env: { ...process.env, ...target.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${target.name} did not start`)), 30000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const port = /listening (\d+)/.exec(buffer)?.[1] ?? /"port":(\d+)/.exec(buffer)?.[1];
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

async function measure(target: Target): Promise<LoadResult> {
  const { child, url } = await startServer(target);
  try {
    await runLoad(url, Math.min(USERS, 4), 2); // warm-up: JIT, SQLite caches
    return await runLoad(url, USERS, TURNS);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

interface StorageTarget {
  label: string;
  env: Record<string, string>;
  stop?: () => Promise<void>;
}

/**
 * The embedded store always; MongoDB too when BENCH_MONGODB_URI is set, or else on a FerretDB this
 * run starts itself when the binary is installed (scripts/install-ferretdb.sh).
 */
async function storageTargets(): Promise<StorageTarget[]> {
  const targets: StorageTarget[] = [{ label: 'embedded (SQLite)', env: { MONGODB_URI: '' } }];
  if (process.env.BENCH_MONGODB_URI) {
    targets.push({ label: 'MongoDB', env: { MONGODB_URI: process.env.BENCH_MONGODB_URI } });
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
    env: { MONGODB_URI: ferret.uri },
    stop: ferret.stop,
  });
  return targets;
}

async function main(): Promise<void> {
  const rows: (LoadResult & { bot: string; storage: string })[] = [];
  for (const storage of await storageTargets()) {
    const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-bench-'));
    const firstline = await measure({
      name: 'FirstLine',
      command: ['bin/firstline.js', 'serve'],
      env: {
        ...storage.env,
        DATA_DIR: dataDir(),
        RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
        RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '100000',
        KB_WATCH: 'false',
        MONGODB_DB: 'bench_firstline',
      },
    });
    const echo = await measure({
      name: 'echo',
      command: [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/echo-server.ts'],
      env: { ...storage.env, DATA_DIR: dataDir(), MONGODB_DB: 'bench_echo' },
    });
    rows.push(
      { bot: 'FirstLine', storage: storage.label, ...firstline },
      { bot: 'bare echo bot', storage: storage.label, ...echo },
    );
    console.log(
      `\n${storage.label}: FirstLine/echo throughput ratio = ${(firstline.turnsPerSecond / echo.turnsPerSecond).toFixed(2)}`,
    );
    await storage.stop?.();
  }
  console.table(
    rows.map((r) => ({
      bot: r.bot,
      storage: r.storage,
      users: r.users,
      turns: r.turns,
      failed: r.failed,
      'turns/s': r.turnsPerSecond.toFixed(1),
      'p50 ms': r.p50Ms.toFixed(1),
      'p99 ms': r.p99Ms.toFixed(1),
    })),
  );
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    users: USERS,
    turnsPerUser: TURNS,
    rows,
  };
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/directline.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('saved bench/results/directline.json');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
