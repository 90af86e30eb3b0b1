import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDb } from './ferretdb';

/** Where a MongoDB-compatible server for tests comes from. */
export type MongoTarget =
  { kind: 'uri'; uri: string } | { kind: 'ferretdb'; binary: string } | { kind: 'missing'; reason: string };

export interface RunningMongo {
  uri: string;
  stop(): Promise<void>;
}

/** MONGODB_URI when set, else a FerretDB binary if one is installed. Synchronous, for describe(). */
export function resolveMongoTarget(env: NodeJS.ProcessEnv = process.env): MongoTarget {
  if (env.MONGODB_URI) return { kind: 'uri', uri: env.MONGODB_URI };
  const binary = findFerretDb(env);
  if (binary) return { kind: 'ferretdb', binary };
  return {
    kind: 'missing',
    reason:
      'no MONGODB_URI and no ferretdb binary on PATH, in ~/.cache/firstline/bin or in $(go env GOPATH)/bin; ' +
      'run scripts/install-ferretdb.sh',
  };
}

export function findFerretDb(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean),
    path.join(os.homedir(), '.cache', 'firstline', 'bin'),
  ];
  const gopath = goPath();
  if (gopath) dirs.push(...gopath.split(path.delimiter).map((dir) => path.join(dir, 'bin')));
  for (const dir of dirs) {
    const candidate = path.join(dir, 'ferretdb');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function goPath(): string | undefined {
  try {
    return execFileSync('go', ['env', 'GOPATH'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Decides whether MongoDB tests run. In CI a missing server fails the run loudly (a silently
 * skipped backend would look green); elsewhere the suite is skipped with a console message.
 */
export function mongoTestsEnabled(target: MongoTarget, suite: string): boolean {
  if (target.kind !== 'missing') return true;
  if (process.env.CI) throw new Error(`${suite}: cannot run in CI: ${target.reason}`);
  console.warn(`${suite}: SKIPPED: ${target.reason}`);
  return false;
}

export async function startMongoTarget(target: MongoTarget): Promise<RunningMongo> {
  switch (target.kind) {
    case 'uri':
      return { uri: target.uri, stop: async () => undefined };
    case 'ferretdb':
      return startFerretDb(target.binary);
    case 'missing':
      throw new Error(target.reason);
  }
}
