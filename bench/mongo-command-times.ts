/**
 * Where a bot's turns spend their time on MongoDB/FerretDB: starts FerretDB (or uses
 * BENCH_MONGODB_URI), a benchmark server (BOT=firstline, default, or echo) with every command timed
 * (bench/command-timing.ts), runs a warm-up load (WARM_TURNS per user, default 4) and a measured one
 * (TURNS per user, default 4) of USERS users (default 50), and prints per command group: calls per
 * turn, mean ms, ms per turn and share; plus the server's and FerretDB's CPU per turn.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from './load';
import type { ServerStats } from './probe';
import { startFerretDb } from '../test/helpers/ferretdb';
import { findFerretDb } from '../test/helpers/mongo-target';

const ROOT = path.join(__dirname, '..');
const BOT = process.env.BOT ?? 'firstline';
const USERS = Number(process.env.USERS ?? 50);
const WARM_TURNS = Number(process.env.WARM_TURNS ?? 4);
const WARM_USERS = Number(process.env.WARM_USERS ?? USERS);
const TURNS = Number(process.env.TURNS ?? 4);

type Totals = Record<string, { count: number; ms: number; maxMs: number; bytes: number; failed: number }>;

/** user + system CPU ms of a process, from /proc/PID/stat (clock ticks of 10 ms). */
function procCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function childPid(name: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && comm === name) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  let uri = process.env.BENCH_MONGODB_URI;
  let stopFerret: (() => Promise<void>) | undefined;
  if (!uri) {
    const binary = findFerretDb();
    if (!binary) throw new Error('no FerretDB');
    const ferret = await startFerretDb(binary);
    uri = ferret.uri;
    stopFerret = ferret.stop;
  }
  const ferretPid = childPid('ferretdb');
  const timingFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'command-timing-')), 'totals.json');
  const script = BOT === 'echo' ? 'bench/echo-server.ts' : 'bench/firstline-server.ts';
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=16',
      '--heap-growing-percent=30',
      '--import',
      'tsx',
      '--import',
      './bench/command-timing.ts',
      script,
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URI: uri,
        MONGODB_DB: `timing_${BOT}_${Date.now()}`,
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-timing-')),
        RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
        RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000000',
        KB_WATCH: 'false',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        COMMAND_TIMING_FILE: timingFile,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const port = /listening (\d+)/.exec(buffer)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const snapshot = async (): Promise<{ totals: Totals; stats: ServerStats; ferretCpuMs: number }> => {
    fs.rmSync(timingFile, { force: true });
    child.kill('SIGUSR2');
    while (!fs.existsSync(timingFile)) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stats = (await (await fetch(`${url}/bench/stats`)).json()) as ServerStats;
    return {
      totals: JSON.parse(fs.readFileSync(timingFile, 'utf8')) as Totals,
      stats,
      ferretCpuMs: ferretPid ? procCpuMs(ferretPid) : NaN,
    };
  };
  try {
    if (WARM_TURNS > 0) await runLoad(url, WARM_USERS, { turnsPerUser: WARM_TURNS });
    const before = await snapshot();
    const load = await runLoad(url, USERS, { turnsPerUser: TURNS });
    const after = await snapshot();
    const turns = load.turns;
    const rows = Object.entries(after.totals)
      .map(([key, a]) => {
        const b = before.totals[key] ?? { count: 0, ms: 0, bytes: 0, failed: 0 };
        return {
          key,
          count: a.count - b.count,
          ms: a.ms - b.ms,
          bytes: a.bytes - b.bytes,
          failed: a.failed - b.failed,
        };
      })
      .filter((r) => r.count > 0)
      .sort((x, y) => y.ms - x.ms);
    const totalMs = rows.reduce((sum, r) => sum + r.ms, 0);
    console.log(
      `${BOT}: ${turns} turns (${load.failed} failed) of ${USERS} users in ${load.seconds.toFixed(1)} s, ` +
        `${load.turnsPerSecond.toFixed(1)} turns/s, p50 ${load.p50Ms.toFixed(0)} ms, p99 ${load.p99Ms.toFixed(0)} ms`,
    );
    console.log(
      `round trips/turn ${((after.stats.roundTrips - before.stats.roundTrips) / turns).toFixed(2)}, ` +
        `server CPU ms/turn ${((after.stats.cpuMs - before.stats.cpuMs) / turns).toFixed(2)}, ` +
        `FerretDB CPU ms/turn ${((after.ferretCpuMs - before.ferretCpuMs) / turns).toFixed(2)}, ` +
        `command ms/turn ${(totalMs / turns).toFixed(1)}`,
    );
    console.log('| calls/turn | mean ms | ms/turn | share | bytes/call | command |');
    console.log('| ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of rows) {
      console.log(
        `| ${(r.count / turns).toFixed(2)} | ${(r.ms / r.count).toFixed(1)} | ${(r.ms / turns).toFixed(1)} | ` +
          `${((100 * r.ms) / totalMs).toFixed(1)} % | ${r.bytes ? Math.round(r.bytes / r.count) : ''} | ` +
          `${r.key}${r.failed ? ` (${r.failed} failed)` : ''} |`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await stopFerret?.();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
