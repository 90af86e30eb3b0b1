/**
 * What the benchmark reads from a server under test: storage statements (SQLite) or commands
 * (MongoDB) counted through the store's observer, CPU time and RSS of the server process, served
 * at GET /bench/stats of the benchmark's own server entries (never of the product's `serve`).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import v8 from 'node:v8';
import type { Server } from 'restify';
import type { StorageObserver } from '../src/storage';

export interface ServerStats {
  /** SQL statements run by SQLite, transactions' BEGIN and COMMIT included. */
  statements: number;
  /** Commands sent to MongoDB, each one round trip. */
  roundTrips: number;
  commands: Record<string, number>;
  /** process.cpuUsage() of the server, user + system, in ms. */
  cpuMs: number;
  rssBytes: number;
  /** process.memoryUsage() of the server, in MiB: what the RSS is made of. */
  memory: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}

export class StorageProbe {
  private statements = 0;
  private roundTrips = 0;
  private readonly commands: Record<string, number> = {};

  readonly observer: StorageObserver = {
    onStatement: () => {
      this.statements += 1;
    },
    onCommand: (name) => {
      this.roundTrips += 1;
      this.commands[name] = (this.commands[name] ?? 0) + 1;
    },
  };

  stats(): ServerStats {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    return {
      statements: this.statements,
      roundTrips: this.roundTrips,
      commands: { ...this.commands },
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBytes: memory.rss,
      memory: {
        heapUsed: mib(memory.heapUsed),
        heapTotal: mib(memory.heapTotal),
        external: mib(memory.external),
        arrayBuffers: mib(memory.arrayBuffers),
      },
    };
  }

  register(server: Server): void {
    server.get('/bench/stats', async (_req, res) => {
      res.json(this.stats());
    });
    const dir = process.env.BENCH_CPU_PROFILE;
    if (dir) registerProfiler(server, dir);
    const heapDir = process.env.BENCH_HEAP_SNAPSHOT;
    if (heapDir) registerHeapSnapshot(server, heapDir);
  }
}

/**
 * BENCH_CPU_PROFILE=dir: POST /bench/profile starts V8's sampling profiler in the server, DELETE
 * stops it and writes dir/<pid>-<time>.cpuprofile, so a profile covers the measured turns only
 * (not start-up or warm-up). `tsx bench/profile-summary.ts <file>` sums it up.
 */
function registerProfiler(server: Server, dir: string): void {
  const session = new Session();
  session.connect();
  server.post('/bench/profile', async (_req, res) => {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    res.send(204);
  });
  server.del('/bench/profile', async (_req, res) => {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${process.pid}-${Date.now()}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    res.json({ file });
  });
}

/** BENCH_HEAP_SNAPSHOT=dir: POST /bench/heap-snapshot writes dir/<pid>-<time>.heapsnapshot. */
function registerHeapSnapshot(server: Server, dir: string): void {
  server.post('/bench/heap-snapshot', async (_req, res) => {
    fs.mkdirSync(dir, { recursive: true });
    const file = v8.writeHeapSnapshot(path.join(dir, `${process.pid}-${Date.now()}.heapsnapshot`));
    res.json({ file });
  });
}
