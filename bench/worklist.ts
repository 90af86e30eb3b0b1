/**
 * The technicians' worklist on the embedded store: WORKLIST_TICKETS tickets (default 100,000; each
 * with a transcript line), then `TicketStore.query` (what listTickets runs) with a filter and a
 * search word, measured per query shape: p50 and p99 of WORKLIST_QUERIES queries (default 400).
 * The goal of issue 14: p99 ≤ 50 ms for a filter and a search. Seeding takes a minute or two.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/logging';
import { SqliteBackend } from '../src/storage/embedded/sqlite-backend';
import {
  ACTIVE_TICKET_STATUSES,
  PRIORITIES,
  TicketStore,
  type NewTicket,
  type TicketQuery,
  type TicketStatus,
} from '../src/tickets';

const TICKETS = Number(process.env.WORKLIST_TICKETS ?? 100_000);
const QUERIES = Number(process.env.WORKLIST_QUERIES ?? 400);
export const WORKLIST_GOAL_P99_MS = 50;

export interface WorklistRow {
  query: string;
  tickets: number;
  queries: number;
  /** Tickets per page returned, on average (a search that finds nothing proves little). */
  meanFound: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the process per query: what the query costs when the machine is shared. */
  cpuP50Ms: number;
  cpuP99Ms: number;
}

export interface WorklistResult {
  tickets: number;
  seedSeconds: number;
  rows: WorklistRow[];
}

/** A small deterministic generator, so every run seeds the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const COMMON = [
  'printer',
  'laptop',
  'vpn',
  'outlook',
  'password',
  'teams',
  'screen',
  'network',
  'slow',
  'error',
];
const CATEGORIES = ['printer', 'vpn', 'email', 'account', 'hardware', 'software', 'network', 'phone'];
const TEAMS = ['workplace', 'network', 'identity', 'apps', 'field'];
const FIRST = ['Anna', 'Ben', 'Maria', 'Jan', 'Ioana', 'Lukas', 'Zofia', 'Mihai', 'Eva', 'Tom'];
const LAST = ['Keller', 'Nowak', 'Popescu', 'Schmidt', 'Kowalski', 'Ionescu', 'Weber', 'Lewandowski'];

/** 3,000 made-up words besides the common ones: searches for rare words find a few tickets. */
function vocabulary(next: () => number): string[] {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'pe', 'sa', 'do', 'fu', 'gri', 'ber'];
  const words = new Set<string>();
  while (words.size < 3000) {
    const n = 2 + Math.floor(next() * 3);
    words.add(Array.from({ length: n }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
  }
  return [...words];
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

async function seed(storage: SqliteBackend, tickets: TicketStore, words: string[], next: () => number) {
  const statuses: TicketStatus[] = ['new', 'open', 'pending', 'on-hold', 'resolved', 'closed', 'closed'];
  for (let i = 0; i < TICKETS; i++) {
    const conversationId = `bench-conv-${i}`;
    const problem = [pick(next, COMMON), ...Array.from({ length: 8 }, () => pick(next, words))].join(' ');
    await storage.transcripts.append({
      conversationId,
      channelId: 'directline',
      direction: 'incoming',
      at: new Date().toISOString(),
      type: 'message',
      from: { id: `user-${i % 5000}`, role: 'user' },
      text: `${pick(next, words)} ${pick(next, COMMON)} ${pick(next, words)} since this morning`,
    });
    const input: NewTicket = {
      conversationId,
      channelId: next() < 0.6 ? 'msteams' : 'directline',
      user: { id: `user-${i % 5000}`, name: `${pick(next, FIRST)} ${pick(next, LAST)}` },
      language: pick(next, ['en', 'de', 'pl', 'ro'] as const),
      category: pick(next, CATEGORIES),
      priority: pick(next, PRIORITIES),
      skills: [pick(next, TEAMS)],
      problem,
      facts: {},
      stepsTried: [],
      articlesSuggested: [],
      origin: 'bench',
      team: pick(next, TEAMS),
      status: pick(next, statuses),
    };
    const ticket = await tickets.create(input);
    if (process.env.WORKLIST_PROGRESS && i % 1000 === 0)
      console.log(`seeded ${i} at ${new Date().toISOString()}`);
    if (next() < 0.5) {
      const n = Math.floor(next() * 50);
      await tickets.assign(
        ticket.id,
        { id: `tech-${n}`, name: `Tech ${n}` },
        { kind: 'system', name: 'bench' },
      );
    }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function measure(tickets: TicketStore, label: string, make: () => TicketQuery): Promise<WorklistRow> {
  for (let i = 0; i < 20; i++) await tickets.query(make()); // warm-up: statements prepared, pages cached
  const times: number[] = [];
  const cpu: number[] = [];
  let found = 0;
  for (let i = 0; i < QUERIES; i++) {
    const q = make();
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const page = await tickets.query(q);
    const used = process.cpuUsage(cpuStart);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1000);
    found += page.tickets.length;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    query: label,
    tickets: TICKETS,
    queries: QUERIES,
    meanFound: found / QUERIES,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    cpuP50Ms: percentile(cpu, 50),
    cpuP99Ms: percentile(cpu, 99),
  };
}

export async function runWorklistBench(): Promise<WorklistResult> {
  // WORKLIST_DIR: a data directory seeded by an earlier run (WORKLIST_KEEP=1), to measure again.
  const reuse = process.env.WORKLIST_DIR;
  const dir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-bench-worklist-'));
  const storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger(), synchronous: 'normal' });
  try {
    const next = random(14);
    const words = vocabulary(next);
    const tickets = new TicketStore(storage);
    const started = Date.now();
    if (!reuse) await seed(storage, tickets, words, next);
    const seedSeconds = (Date.now() - started) / 1000;
    const active = [...ACTIVE_TICKET_STATUSES];
    const rows = [
      await measure(tickets, 'active + common word', () => ({ status: active, q: pick(next, COMMON) })),
      await measure(tickets, 'active + rare word', () => ({ status: active, q: pick(next, words) })),
      await measure(tickets, 'team + two words', () => ({
        team: [pick(next, TEAMS)],
        q: `${pick(next, COMMON)} ${pick(next, words)}`,
      })),
      await measure(tickets, 'unassigned + word, by priority', () => ({
        assigneeId: null,
        q: pick(next, COMMON),
        sort: 'priority',
      })),
      await measure(tickets, 'technician view + word (access rule)', () => ({
        status: active,
        q: pick(next, COMMON),
        visibleTo: { technicianId: `tech-${Math.floor(next() * 50)}`, skills: [pick(next, TEAMS)] },
      })),
      await measure(tickets, 'transcript word + language', () => ({
        language: [pick(next, ['en', 'de', 'pl', 'ro'] as const)],
        q: `${pick(next, words)} morning`,
      })),
      await measure(tickets, 'user name + status', () => ({ status: ['resolved'], q: pick(next, LAST) })),
      await measure(tickets, 'number', () => ({ q: `HD-${1001 + Math.floor(next() * TICKETS)}` })),
      await measure(tickets, 'filter only: active, newest', () => ({ status: active })),
    ];
    return { tickets: TICKETS, seedSeconds, rows };
  } finally {
    await storage.close();
    if (!process.env.WORKLIST_KEEP && !reuse) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

export function worklistLines(result: WorklistResult): string[] {
  const header = [
    'worklist query (SQLite)',
    'tickets',
    'queries',
    'found/page',
    'p50 ms',
    'p99 ms',
    'CPU p50 ms',
    'CPU p99 ms',
  ];
  const lines = result.rows.map((r) => [
    r.query,
    String(r.tickets),
    String(r.queries),
    r.meanFound.toFixed(1),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    r.cpuP50Ms.toFixed(2),
    r.cpuP99Ms.toFixed(2),
  ]);
  const searched = result.rows.filter((r) => !r.query.startsWith('filter only'));
  const worst = Math.max(...searched.map((r) => r.p99Ms));
  const worstCpu = Math.max(...searched.map((r) => r.cpuP99Ms));
  const load = os.loadavg()[0]!.toFixed(1);
  return [
    ...[header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `Worklist: ${result.tickets} tickets seeded in ${result.seedSeconds.toFixed(0)} s; filter + search p99 ` +
      `${worst.toFixed(1)} ms at worst (goal ≤ ${WORKLIST_GOAL_P99_MS} ms: ${worst <= WORKLIST_GOAL_P99_MS ? 'met' : 'NOT met'}), ` +
      `CPU time p99 ${worstCpu.toFixed(1)} ms at worst; load average ${load} while measuring.`,
  ];
}
