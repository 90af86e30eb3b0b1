/**
 * Loaded into a benchmark server (`node --import tsx --import ./bench/command-timing.ts ...`): times
 * every MongoDB command the server sends (the driver's commandStarted/Succeeded/Failed events, which
 * the server's StorageProbe switches on), grouped by collection, command and the shape of its filter
 * (field names and operators, values replaced by their type), so that one can see which queries the
 * server under test spends its time on. SIGUSR2 writes the totals so far to COMMAND_TIMING_FILE.
 */
import fs from 'node:fs';
import { MongoClient } from 'mongodb';

interface Totals {
  count: number;
  ms: number;
  maxMs: number;
  bytes: number;
  failed: number;
}

const totals = new Map<string, Totals>();
const pending = new Map<number, { key: string; at: number; bytes: number }>();

/** Field names and operators of a filter or document, each value replaced by its type. */
function shape(value: unknown, depth = 0): unknown {
  if (Array.isArray(value))
    return value.length === 0 ? [] : [shape(value[0], depth + 1), `x${value.length > 1 ? 'n' : '1'}`];
  if (value instanceof Date) return 'date';
  if (value && typeof value === 'object') {
    const bsonType = (value as { _bsontype?: string })._bsontype;
    if (bsonType) return bsonType;
    if (depth > 3) return 'object';
    // The documents collection's own collection names tell which store a query serves.
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === 'collection' && typeof v === 'string' ? v : shape(v, depth + 1),
      ]),
    );
  }
  return typeof value;
}

function describe(name: string, command: Record<string, unknown>): { key: string; bytes: number } {
  const target = command[name];
  const collection = typeof target === 'string' ? target : '';
  let detail = '';
  let bytes = 0;
  switch (name) {
    case 'find':
      detail = JSON.stringify(shape(command.filter));
      if (command.sort) detail += ` sort ${JSON.stringify(command.sort)}`;
      if (command.limit !== undefined) detail += ` limit`;
      if (command.projection) detail += ` proj`;
      break;
    case 'insert': {
      const docs = command.documents as unknown[];
      detail = docs.length === 1 ? '1 doc' : 'n docs';
      bytes = JSON.stringify(docs).length;
      break;
    }
    case 'update': {
      const updates = command.updates as { q: unknown; u: unknown; upsert?: boolean }[];
      const first = updates[0]!;
      detail = `${updates.length === 1 ? '1' : 'n'} q=${JSON.stringify(shape(first.q))} u=${Object.keys(first.u as object).join(',')}${first.upsert ? ' upsert' : ''}`;
      bytes = JSON.stringify(updates).length;
      break;
    }
    case 'delete': {
      const deletes = command.deletes as { q: unknown }[];
      detail = `${deletes.length === 1 ? '1' : 'n'} q=${JSON.stringify(shape(deletes[0]!.q))}`;
      break;
    }
    case 'aggregate':
      detail = (command.pipeline as Record<string, unknown>[])
        .map((stage) => Object.keys(stage)[0])
        .join(' ');
      break;
    default:
      break;
  }
  return { key: `${collection} ${name} ${detail}`.trim(), bytes };
}

function done(requestId: number, failed: boolean): void {
  const started = pending.get(requestId);
  if (!started) return;
  pending.delete(requestId);
  const ms = performance.now() - started.at;
  const entry = totals.get(started.key) ?? { count: 0, ms: 0, maxMs: 0, bytes: 0, failed: 0 };
  entry.count += 1;
  entry.ms += ms;
  entry.maxMs = Math.max(entry.maxMs, ms);
  entry.bytes += started.bytes;
  if (failed) entry.failed += 1;
  totals.set(started.key, entry);
}

const emit = MongoClient.prototype.emit as (this: MongoClient, ...args: unknown[]) => boolean;
MongoClient.prototype.emit = function timedEmit(
  this: MongoClient,
  event: string | symbol,
  ...args: unknown[]
) {
  const e = args[0] as { requestId: number; commandName: string; command: Record<string, unknown> };
  if (event === 'commandStarted')
    pending.set(e.requestId, { ...describe(e.commandName, e.command), at: performance.now() });
  else if (event === 'commandSucceeded') done(e.requestId, false);
  else if (event === 'commandFailed') done(e.requestId, true);
  return emit.call(this, event, ...args);
} as typeof MongoClient.prototype.emit;

process.on('SIGUSR2', () => {
  const file = process.env.COMMAND_TIMING_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify(Object.fromEntries(totals)));
});
