import type { SupportConfig } from '../handoff';
import type {
  DocumentCollection,
  FieldRange,
  StorageBackend,
  TallyGroup,
  TicketWorklist,
  Where,
} from '../storage/ports';
import { CASE_OUTCOMES, type CaseRecord } from './case-record';
import { caseCollection } from './case-store';
import { ticketMetrics, type Csat, type TicketMetrics } from './ticket-metrics';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A report covers at most this many days. */
export const MAX_RANGE_DAYS = 366;

export interface InsightsQuery {
  /** Cases opened at or after this time. */
  from: Date;
  /** Cases opened before this time. */
  to: Date;
  language?: string;
  channel?: string;
  topic?: string;
}

export type ReportedOutcome = (typeof CASE_OUTCOMES)[number] | 'abandoned';
type OutcomeCounts = Record<ReportedOutcome, number>;

export interface FlowFunnel {
  flowId: string;
  /** Cases that entered the flow. */
  started: number;
  resolved: number;
  escalated: number;
  abandoned: number;
  /** In the order most users reach them (most reached first). */
  steps: { nodeId: string; reached: number; worked: number; failed: number; droppedHere: number }[];
}

export interface InsightsReport {
  from: string;
  to: string;
  cases: number;
  outcomes: OutcomeCounts;
  botResolutionRate: { confirmed: number; assumed: number };
  handoverRate: number;
  /** Hand-overs by why they happened: `handed-over` (to a technician in the chat) or `ticket` (a flow opened one). */
  handoverByReason: { reason: 'handed-over' | 'ticket'; cases: number; rate: number }[];
  abandonmentRate: number;
  unanswered: number;
  volumes: {
    /** `resolved`: confirmed and assumed; `escalated`: handed over and tickets. */
    byDay: { day: string; cases: number; resolved: number; escalated: number }[];
    byTopic: { topic: string; cases: number }[];
    byLanguage: { language: string; cases: number }[];
    byChannel: { channel: string; cases: number }[];
  };
  articles: { articleId: string; views: number; helped: number; escalatedAfter: number }[];
  flows: FlowFunnel[];
  technicians: TicketMetrics;
  /** Users' ratings of problems the bot resolved itself (tickets resolved by the bot, rated when the fix held). */
  botCsat: Csat;
}

export interface InsightsReportsOptions {
  abandonedAfterMinutes: number;
  /** support.yaml's opening hours: technicians' times are counted in them. */
  hours?: SupportConfig;
  clock?: () => Date;
}

const ESCALATED: readonly string[] = ['handed-over', 'ticket'];

/**
 * Counts the case records (and the tickets opened in the range) for the console's insights;
 * definitions in README.md of this folder. Every count is a tally the store computes (in SQL on
 * SQLite), so a report over 100,000 cases never reads them one by one.
 */
export class InsightsReports {
  private readonly records: DocumentCollection<CaseRecord>;
  private readonly tickets: TicketWorklist;
  private readonly clock: () => Date;

  constructor(
    storage: Pick<StorageBackend, 'collection' | 'worklist'>,
    private readonly options: InsightsReportsOptions,
  ) {
    this.records = caseCollection(storage);
    this.tickets = storage.worklist;
    this.clock = options.clock ?? (() => new Date());
  }

  async report(query: InsightsQuery): Promise<InsightsReport> {
    const where: Where<CaseRecord> = {};
    if (query.language) where.language = query.language as CaseRecord['language'];
    if (query.channel) where.channelId = query.channel;
    if (query.topic) where.topic = query.topic;
    const from = query.from.toISOString();
    const to = query.to.toISOString();
    const now = this.clock();
    const opened: FieldRange<CaseRecord> = { field: 'openedAt', from, to };
    const staleBefore = new Date(now.getTime() - this.options.abandonedAfterMinutes * 60_000).toISOString();
    // Abandoned: still open, and not written since staleBefore.
    const stale: FieldRange<CaseRecord>[] = [opened, { field: 'updatedAt', to: staleBefore }];
    const openStale: Where<CaseRecord> = { ...where, outcome: 'open' };
    // Two narrow tallies rather than one by all five fields: some 64,000 groups of 100,000 cases
    // become about 1,100 (SQLite sorts to group, and the first one comes in its index's order).
    const [daily, kinds, abandonedCases, articles, flows, steps, reached, dropped, tickets] =
      await Promise.all([
        this.records.tally({ where, ranges: [opened], groupBy: ['outcome', 'day'] }),
        this.records.tally({ where, ranges: [opened], groupBy: ['topic', 'language', 'channelId'] }),
        this.records.tally({ where: openStale, ranges: stale, groupBy: ['outcome'] }),
        this.records.tally({
          where,
          ranges: [opened],
          unwind: ['articles'],
          groupBy: ['articles.articleId', 'articles.helped', 'outcome'],
        }),
        this.records.tally({
          where,
          ranges: [opened],
          unwind: ['flows'],
          groupBy: ['flows.flowId', 'outcome'],
        }),
        this.records.tally({
          where,
          ranges: [opened],
          unwind: ['flows', 'flows.steps'],
          groupBy: ['flows.flowId', 'flows.steps.nodeId', 'flows.steps.result'],
        }),
        this.records.tally({
          where,
          ranges: [opened],
          unwind: ['flows', 'flows.steps'],
          groupBy: ['flows.flowId', 'flows.steps.nodeId'],
        }),
        this.records.tally({
          where: openStale,
          ranges: stale,
          unwind: ['flows'],
          groupBy: ['flows.flowId', 'flows.lastNodeId'],
        }),
        ticketMetrics(
          this.tickets,
          { from, to, ...pick(query, 'language'), ...pick(query, 'channel'), ...pick(query, 'topic') },
          { ...(this.options.hours ? { hours: this.options.hours } : {}), now },
        ),
      ]);
    const abandonedFlows = tallyOf(dropped, ([flowId]) => String(flowId));
    return {
      from,
      to,
      ...caseCounts(daily, kinds, abandonedCases),
      articles: articleCounts(articles),
      flows: funnels(flows, steps, reached, dropped, abandonedFlows),
      technicians: tickets.technicians,
      botCsat: tickets.botCsat,
    };
  }
}

function pick<K extends 'language' | 'channel' | 'topic'>(query: InsightsQuery, key: K) {
  return query[key] ? { [key]: query[key] } : {};
}

function caseCounts(daily: TallyGroup[], kinds: TallyGroup[], abandonedCases: TallyGroup[]) {
  const outcomes = Object.fromEntries([...CASE_OUTCOMES, 'abandoned'].map((o) => [o, 0])) as OutcomeCounts;
  const byDay = new Map<string, InsightsReport['volumes']['byDay'][number]>();
  const byTopic = new Counter();
  const byLanguage = new Counter();
  const byChannel = new Counter();
  const text = (value: TallyGroup['key'][number]) => (value === null ? undefined : String(value));
  for (const { key, count } of daily) {
    const [outcome, day] = key.map(text);
    outcomes[outcome as ReportedOutcome] = (outcomes[outcome as ReportedOutcome] ?? 0) + count;
    const counts = byDay.get(day ?? '') ?? { day: day ?? '', cases: 0, resolved: 0, escalated: 0 };
    counts.cases += count;
    if (outcome?.startsWith('resolved')) counts.resolved += count;
    if (ESCALATED.includes(outcome ?? '')) counts.escalated += count;
    byDay.set(day ?? '', counts);
  }
  for (const { key, count } of kinds) {
    const [topic, language, channel] = key.map(text);
    byTopic.add(topic ?? 'none', count);
    byLanguage.add(language ?? 'none', count);
    byChannel.add(channel ?? 'none', count);
  }
  for (const { count } of abandonedCases) {
    outcomes.open -= count;
    outcomes.abandoned += count;
  }
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const rate = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 10_000) / 10_000);
  return {
    cases: total,
    outcomes,
    botResolutionRate: {
      confirmed: rate(outcomes['resolved-confirmed']),
      assumed: rate(outcomes['resolved-assumed']),
    },
    handoverRate: rate(outcomes['handed-over'] + outcomes.ticket),
    handoverByReason: (['handed-over', 'ticket'] as const).map((reason) => ({
      reason,
      cases: outcomes[reason],
      rate: rate(outcomes[reason]),
    })),
    abandonmentRate: rate(outcomes.abandoned),
    unanswered: outcomes.unanswered,
    volumes: {
      byDay: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
      byTopic: byTopic.sortedByCount().map(([topic, cases]) => ({ topic, cases })),
      byLanguage: byLanguage.sortedByCount().map(([language, cases]) => ({ language, cases })),
      byChannel: byChannel.sortedByCount().map(([channel, cases]) => ({ channel, cases })),
    },
  };
}

function articleCounts(groups: TallyGroup[]): InsightsReport['articles'] {
  const articles = new Map<string, InsightsReport['articles'][number]>();
  for (const { key, count } of groups) {
    const [articleId, helped, outcome] = key;
    const id = String(articleId);
    const counts = articles.get(id) ?? { articleId: id, views: 0, helped: 0, escalatedAfter: 0 };
    counts.views += count;
    if (helped === true) counts.helped += count;
    if (ESCALATED.includes(String(outcome))) counts.escalatedAfter += count;
    articles.set(id, counts);
  }
  return [...articles.values()].sort((a, b) => b.views - a.views || a.articleId.localeCompare(b.articleId));
}

function funnels(
  flows: TallyGroup[],
  steps: TallyGroup[],
  reached: TallyGroup[],
  dropped: TallyGroup[],
  abandoned: Map<string, number>,
): FlowFunnel[] {
  const byFlow = new Map<string, FlowFunnel>();
  const flow = (id: string) => {
    const found = byFlow.get(id) ?? {
      flowId: id,
      started: 0,
      resolved: 0,
      escalated: 0,
      abandoned: 0,
      steps: [],
    };
    byFlow.set(id, found);
    return found;
  };
  for (const { key, count } of flows) {
    const funnel = flow(String(key[0]));
    const outcome = String(key[1]);
    funnel.started += count;
    if (outcome.startsWith('resolved')) funnel.resolved += count;
    if (ESCALATED.includes(outcome)) funnel.escalated += count;
  }
  const stepOf = (flowId: string, nodeId: string) => {
    const funnel = flow(flowId);
    let step = funnel.steps.find((s) => s.nodeId === nodeId);
    if (!step) {
      step = { nodeId, reached: 0, worked: 0, failed: 0, droppedHere: 0 };
      funnel.steps.push(step);
    }
    return step;
  };
  for (const { key, count } of steps) {
    const [flowId, nodeId, result] = key.map(String) as [string, string, string];
    const step = stepOf(flowId, nodeId);
    if (result === 'worked') step.worked += count;
    if (result === 'failed') step.failed += count;
  }
  // Counted apart: a case that failed a step and then got it to work reached it once.
  for (const { key, count } of reached) stepOf(String(key[0]), String(key[1])).reached += count;
  for (const { key, count } of dropped) {
    if (key[1] === null) continue;
    stepOf(String(key[0]), String(key[1])).droppedHere += count;
  }
  for (const [flowId, count] of abandoned) flow(flowId).abandoned = count;
  return [...byFlow.values()]
    .map((f) => ({
      ...f,
      steps: f.steps.sort((a, b) => b.reached - a.reached || a.nodeId.localeCompare(b.nodeId)),
    }))
    .sort((a, b) => b.started - a.started || a.flowId.localeCompare(b.flowId));
}

function tallyOf(groups: TallyGroup[], keyOf: (key: TallyGroup['key']) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { key, count } of groups) counts.set(keyOf(key), (counts.get(keyOf(key)) ?? 0) + count);
  return counts;
}

/** The UTC days (YYYY-MM-DD) from `from` up to the one holding the last instant before `to`. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = first; t < to.getTime(); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

class Counter {
  private readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  sortedByCount(): [string, number][] {
    return [...this.counts].sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
  }
}
