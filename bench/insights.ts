/**
 * The console's insights on the embedded store: INSIGHTS_CASES case records (default 100,000) over
 * 90 days, with a ticket for each hand-over (about a fifth of them, with replies, history, SLA
 * times and a rating for some), then `InsightsReports.report` (what getInsights runs) for a few
 * ranges and filters: p50 and p99 of INSIGHTS_QUERIES reports per shape (default 40).
 * The goal of issue 16: p99 ≤ 500 ms on SQLite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CASES_COLLECTION, InsightsReports, type CaseRecord, type InsightsQuery } from '../src/insights';
import { silentLogger } from '../src/logging';
import { SqliteBackend } from '../src/storage/embedded/sqlite-backend';
import type { Ticket } from '../src/tickets';

const CASES = Number(process.env.INSIGHTS_CASES ?? 100_000);
const QUERIES = Number(process.env.INSIGHTS_QUERIES ?? 40);
export const INSIGHTS_GOAL_P99_MS = 500;

const DAY_MS = 24 * 60 * 60 * 1000;
const DAYS = 90;
const FIRST_DAY = Date.parse('2031-01-01T00:00:00Z');
const NOW = new Date(FIRST_DAY + DAYS * DAY_MS);
const LANGUAGES = ['en', 'de', 'pl', 'ro'] as const;
const AREAS = ['network', 'email', 'account', 'printer', 'vpn', 'hardware', 'software', 'phone'];
const TOPICS = AREAS.flatMap((area) => ['a', 'b', 'c', 'd'].map((t) => `${area}.${t}`));
const ARTICLES = TOPICS.flatMap((topic) => [`${topic}-1`, `${topic}-2`]);
const OUTCOMES: CaseRecord['outcome'][] = [
  'resolved-confirmed',
  'resolved-confirmed',
  'resolved-assumed',
  'resolved-assumed',
  'handed-over',
  'ticket',
  'unanswered',
  'out-of-scope',
  'open',
];

export interface InsightsRow {
  query: string;
  cases: number;
  queries: number;
  /** Cases the report counted (a filter that finds nothing proves little). */
  counted: number;
  p50Ms: number;
  p99Ms: number;
  cpuP50Ms: number;
  cpuP99Ms: number;
}

export interface InsightsResult {
  cases: number;
  tickets: number;
  seedSeconds: number;
  rows: InsightsRow[];
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
const iso = (ms: number) => new Date(ms).toISOString();

function caseRecord(i: number, next: () => number): Omit<CaseRecord, 'version'> {
  const opened = FIRST_DAY + Math.floor(next() * DAYS * DAY_MS);
  const outcome = pick(next, OUTCOMES);
  const topic = pick(next, TOPICS);
  const area = topic.split('.')[0]!;
  const closed = outcome !== 'open' && outcome !== 'unanswered';
  const articles = Array.from({ length: Math.floor(next() * 3) }, () => ({
    articleId: pick(next, ARTICLES),
    ...(next() < 0.6 ? { helped: next() < 0.5 } : {}),
    steps: [{ step: 1, result: next() < 0.5 ? ('worked' as const) : ('failed' as const) }],
  }));
  const flows =
    next() < 0.3
      ? [
          {
            flowId: `${area}-flow`,
            steps: Array.from({ length: 1 + Math.floor(next() * 4) }, (_, s) => ({
              nodeId: `step-${s + 1}`,
              result:
                s === 0 ? ('answered' as const) : next() < 0.5 ? ('worked' as const) : ('failed' as const),
            })),
          },
        ].map((f) => ({ ...f, lastNodeId: f.steps.at(-1)!.nodeId }))
      : [];
  const updated = opened + Math.floor(next() * 20 * 60_000);
  return {
    id: `case-${i}`,
    conversationId: `conv-${i}`,
    userId: `user-${i % 5000}`,
    channelId: next() < 0.6 ? 'msteams' : 'directline',
    language: pick(next, LANGUAGES),
    topic: outcome === 'out-of-scope' ? 'out-of-scope.hr' : topic,
    outcome,
    articles: [...new Map(articles.map((a) => [a.articleId, a])).values()],
    flows,
    firstMessage: `my ${area} does not work since this morning, error ${i % 977}`,
    openedAt: iso(opened),
    day: iso(opened).slice(0, 10),
    ...(closed ? { closedAt: iso(updated), durationMs: updated - opened } : {}),
    updatedAt: iso(updated),
  };
}

function ticketOf(
  record: Omit<CaseRecord, 'version'>,
  n: number,
  next: () => number,
): Omit<Ticket, 'version'> {
  const created = Date.parse(record.openedAt) + 60_000;
  const responded = created + Math.floor(next() * 8 * 3600_000);
  const resolved = responded + Math.floor(next() * 30 * 3600_000);
  const technician = { kind: 'technician' as const, id: `tech-${n % 50}`, name: `Tech ${n % 50}` };
  const done = next() < 0.8;
  return {
    id: `ticket-${n}`,
    number: `HD-${1001 + n}`,
    status: done ? 'resolved' : 'open',
    conversationId: record.conversationId,
    channelId: record.channelId,
    user: { id: record.userId },
    language: record.language,
    category: (record.topic ?? 'general').split('.')[0]!,
    priority: 'normal',
    skills: [],
    summary: 'bench',
    problem: record.firstMessage ?? '',
    facts: {},
    stepsTried: [],
    articlesSuggested: [],
    origin: 'bench',
    notes: [],
    assignee: { id: technician.id, name: technician.name },
    replies: [{ id: `r-${n}`, by: technician, text: 'Looking into it now.', at: iso(responded) }],
    history: [
      { id: `h1-${n}`, at: iso(created), by: { kind: 'bot', name: 'FirstLine' }, change: 'created' },
      { id: `h2-${n}`, at: iso(responded), by: technician, change: 'assignee', to: technician.id },
      ...(done
        ? [
            {
              id: `h3-${n}`,
              at: iso(resolved),
              by: technician,
              change: 'status' as const,
              from: 'open',
              to: 'resolved',
            },
          ]
        : []),
    ],
    sla: {
      firstResponseDueAt: iso(created + 4 * 3600_000),
      resolutionDueAt: iso(created + 24 * 3600_000),
      firstRespondedAt: iso(responded),
    },
    ...(done
      ? {
          resolution: {
            note: 'Fixed',
            category: record.topic ?? 'general',
            by: technician.name,
            at: iso(resolved),
          },
        }
      : {}),
    ...(done && next() < 0.4
      ? { rating: { score: (1 + Math.floor(next() * 5)) as 1, at: iso(resolved + 60_000) } }
      : {}),
    createdAt: iso(created),
    updatedAt: iso(done ? resolved : responded),
  };
}

async function seed(storage: SqliteBackend, next: () => number): Promise<number> {
  const cases = storage.collection<CaseRecord>(CASES_COLLECTION);
  const tickets = storage.collection<Ticket>('tickets');
  let ticketCount = 0;
  for (let i = 0; i < CASES; i++) {
    const record = caseRecord(i, next);
    await cases.insert(record);
    if (record.outcome === 'handed-over' || record.outcome === 'ticket')
      await tickets.insert(ticketOf(record, ticketCount++, next));
  }
  return ticketCount;
}

/** The tickets of a data directory seeded earlier. */
async function countTickets(storage: SqliteBackend): Promise<number> {
  const groups = await storage.collection<Ticket>('tickets').tally({ groupBy: ['status'] });
  return groups.reduce((sum, g) => sum + g.count, 0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function measure(
  reports: InsightsReports,
  label: string,
  make: () => InsightsQuery,
): Promise<InsightsRow> {
  for (let i = 0; i < 3; i++) await reports.report(make()); // warm-up: statements prepared
  const times: number[] = [];
  const cpu: number[] = [];
  let counted = 0;
  for (let i = 0; i < QUERIES; i++) {
    const query = make();
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const report = await reports.report(query);
    const used = process.cpuUsage(cpuStart);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1000);
    counted += report.cases;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    query: label,
    cases: CASES,
    queries: QUERIES,
    counted: Math.round(counted / QUERIES),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    cpuP50Ms: percentile(cpu, 50),
    cpuP99Ms: percentile(cpu, 99),
  };
}

export async function runInsightsBench(): Promise<InsightsResult> {
  // INSIGHTS_DIR: a data directory seeded by an earlier run (INSIGHTS_KEEP=1), to measure again.
  const reuse = process.env.INSIGHTS_DIR;
  const dir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-bench-insights-'));
  const storage = SqliteBackend.open({ dataDir: dir, logger: silentLogger(), synchronous: 'normal' });
  try {
    const next = random(16);
    const started = Date.now();
    const tickets = reuse ? await countTickets(storage) : await seed(storage, next);
    const seedSeconds = (Date.now() - started) / 1000;
    const reports = new InsightsReports(storage, { abandonedAfterMinutes: 60, clock: () => NOW });
    const from = new Date(FIRST_DAY);
    const lastMonth = new Date(NOW.getTime() - 30 * DAY_MS);
    const rows = [
      await measure(reports, 'all 90 days', () => ({ from, to: NOW })),
      await measure(reports, 'last 30 days', () => ({ from: lastMonth, to: NOW })),
      await measure(reports, '90 days, one language', () => ({
        from,
        to: NOW,
        language: pick(next, LANGUAGES),
      })),
      await measure(reports, '90 days, one topic', () => ({ from, to: NOW, topic: pick(next, TOPICS) })),
      await measure(reports, '90 days, one channel', () => ({ from, to: NOW, channel: 'msteams' })),
    ];
    return { cases: CASES, tickets, seedSeconds, rows };
  } finally {
    await storage.close();
    if (!process.env.INSIGHTS_KEEP && !reuse) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

export function insightsLines(result: InsightsResult): string[] {
  const header = [
    'getInsights (SQLite)',
    'cases',
    'reports',
    'cases counted',
    'p50 ms',
    'p99 ms',
    'CPU p50 ms',
    'CPU p99 ms',
  ];
  const lines = result.rows.map((r) => [
    r.query,
    String(r.cases),
    String(r.queries),
    String(r.counted),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    r.cpuP50Ms.toFixed(1),
    r.cpuP99Ms.toFixed(1),
  ]);
  const worst = Math.max(...result.rows.map((r) => r.p99Ms));
  const worstCpu = Math.max(...result.rows.map((r) => r.cpuP99Ms));
  const load = os.loadavg()[0]!.toFixed(1);
  return [
    ...[header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `Insights: ${result.cases} case records and ${result.tickets} tickets ` +
      `${process.env.INSIGHTS_DIR ? 'seeded by an earlier run' : `seeded in ${result.seedSeconds.toFixed(0)} s`}; ` +
      `getInsights p99 ${worst.toFixed(1)} ms at worst (goal ≤ ${INSIGHTS_GOAL_P99_MS} ms: ${worst <= INSIGHTS_GOAL_P99_MS ? 'met' : 'NOT met'}), ` +
      `CPU time p99 ${worstCpu.toFixed(1)} ms at worst; load average ${load} while measuring.`,
  ];
}
