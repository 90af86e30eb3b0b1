import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { canConnect, once, stopChild } from './server-process';

export interface RunningFerretDb {
  uri: string;
  /** Stops the server and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/**
 * Starts FerretDB on its SQLite handler in a fresh temp directory, on a free loopback port,
 * without telemetry or the debug HTTP listener.
 */
export async function startFerretDb(binary: string): Promise<RunningFerretDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-ferretdb-'));
  fs.mkdirSync(path.join(dir, 'data'));
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${path.join(dir, 'data')}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=WARN',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer): void => void output.push(chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = once(() => stopChild(child).finally(() => fs.rmSync(dir, { recursive: true, force: true })));
  try {
    await waitForPort(child, port, () => output.join(''));
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri: `mongodb://127.0.0.1:${port}/`, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForPort(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with ${child.exitCode}:\n${output()}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`FerretDB did not listen on port ${port} within ${START_TIMEOUT_MS} ms:\n${output()}`);
}
