import type { InsightsReport } from '../insights';

const DAY_MS = 24 * 60 * 60 * 1000;
const TOP = 5;
/** An article needs this many views in the week before its rates say anything. */
const MIN_ARTICLE_VIEWS = 3;

/** What the week's numbers are built from: each source reads one capability's public surface. */
export interface DigestSources {
  insights(from: Date, to: Date): Promise<InsightsReport>;
  /** Users with more than one case in the range, and those cases. */
  repeatContacts(from: Date, to: Date): Promise<{ users: number; cases: number }>;
  /** Negative feedback in the range, by topic. */
  negativeFeedback(from: Date, to: Date): Promise<{ topic: string; count: number }[]>;
  /** Knowledge gaps (src/gaps), absent without them. */
  gaps?(from: Date, to: Date): Promise<DigestGap[]>;
  /** Incidents opened in the range (src/incidents), absent without them. */
  incidents?(from: Date, to: Date): Promise<DigestIncident[]>;
}

export interface DigestGap {
  terms: string[];
  cases: number;
  trend: number;
  example?: string;
}

export interface DigestIncident {
  number: string;
  title: string;
  status: string;
  createdAt: string;
}

export interface DigestTotals {
  cases: number;
  /** Confirmed and assumed together. */
  botResolutionRate: number;
  handoverRate: number;
  abandonmentRate: number;
  unanswered: number;
  repeatUsers: number;
  negativeFeedback: number;
  csat: number | null;
}

/** One line of "what changed since last week". */
export interface DigestChange {
  metric: keyof DigestTotals;
  label: string;
  now: number | null;
  before: number | null;
  /** Rates: percentage points; counts: the difference; null when one side is unknown. */
  delta: number | null;
  /** Whether the change is for the better, worse, or neither. */
  direction: 'better' | 'worse' | 'same';
}

/** The weekly improvement digest: what to fix first, and how the week compared with the one before. */
export interface WeeklyDigest {
  /** The week's first day, YYYY-MM-DD (a Monday, UTC). */
  week: string;
  from: string;
  to: string;
  totals: DigestTotals;
  previous: DigestTotals;
  changes: DigestChange[];
  gaps: DigestGap[];
  /** Articles users were most often escalated after, or least helped by. */
  worstArticles: {
    articleId: string;
    views: number;
    helped: number;
    escalatedAfter: number;
    escalationRate: number;
  }[];
  /** Flow steps where most users failed or dropped out. */
  worstFlowSteps: { flowId: string; nodeId: string; reached: number; failed: number; droppedHere: number }[];
  incidents: DigestIncident[];
  feedbackByTopic: { topic: string; count: number }[];
  createdAt: string;
}

/** The Monday (UTC) starting the last week that has fully ended at `now`. */
export function lastCompleteWeek(now: Date): { from: Date; to: Date } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  const thisMonday = midnight - sinceMonday * DAY_MS;
  return { from: new Date(thisMonday - 7 * DAY_MS), to: new Date(thisMonday) };
}

export async function buildDigest(
  sources: DigestSources,
  week: { from: Date; to: Date },
  now: Date,
): Promise<WeeklyDigest> {
  const before = { from: new Date(week.from.getTime() - 7 * DAY_MS), to: week.from };
  const [report, previousReport, repeat, previousRepeat, feedback, previousFeedback, gaps, incidents] =
    await Promise.all([
      sources.insights(week.from, week.to),
      sources.insights(before.from, before.to),
      sources.repeatContacts(week.from, week.to),
      sources.repeatContacts(before.from, before.to),
      sources.negativeFeedback(week.from, week.to),
      sources.negativeFeedback(before.from, before.to),
      sources.gaps ? sources.gaps(week.from, week.to) : Promise.resolve([]),
      sources.incidents ? sources.incidents(week.from, week.to) : Promise.resolve([]),
    ]);
  const totals = totalsOf(report, repeat.users, feedback);
  const previous = totalsOf(previousReport, previousRepeat.users, previousFeedback);
  return {
    week: week.from.toISOString().slice(0, 10),
    from: week.from.toISOString(),
    to: week.to.toISOString(),
    totals,
    previous,
    changes: changesBetween(totals, previous),
    gaps: gaps.slice(0, TOP),
    worstArticles: worstArticles(report),
    worstFlowSteps: worstFlowSteps(report),
    incidents,
    feedbackByTopic: [...feedback].sort((a, b) => b.count - a.count).slice(0, TOP),
    createdAt: now.toISOString(),
  };
}

function totalsOf(report: InsightsReport, repeatUsers: number, feedback: { count: number }[]): DigestTotals {
  return {
    cases: report.cases,
    botResolutionRate: report.botResolutionRate.confirmed + report.botResolutionRate.assumed,
    handoverRate: report.handoverRate,
    abandonmentRate: report.abandonmentRate,
    unanswered: report.unanswered,
    repeatUsers,
    negativeFeedback: feedback.reduce((n, f) => n + f.count, 0),
    csat: report.technicians.csat.average,
  };
}

const METRICS: {
  metric: keyof DigestTotals;
  label: string;
  rate: boolean;
  higherIsBetter: boolean | null;
}[] = [
  { metric: 'cases', label: 'Problems handled', rate: false, higherIsBetter: null },
  { metric: 'botResolutionRate', label: 'Resolved by the bot', rate: true, higherIsBetter: true },
  { metric: 'handoverRate', label: 'Handed over', rate: true, higherIsBetter: false },
  { metric: 'abandonmentRate', label: 'Abandoned', rate: true, higherIsBetter: false },
  { metric: 'unanswered', label: 'Unanswered questions', rate: false, higherIsBetter: false },
  {
    metric: 'repeatUsers',
    label: 'Users who came back with another problem',
    rate: false,
    higherIsBetter: false,
  },
  { metric: 'negativeFeedback', label: 'Negative feedback', rate: false, higherIsBetter: false },
  { metric: 'csat', label: 'CSAT (average rating)', rate: false, higherIsBetter: true },
];

function changesBetween(now: DigestTotals, before: DigestTotals): DigestChange[] {
  return METRICS.map(({ metric, label, rate, higherIsBetter }) => {
    const a = now[metric];
    const b = before[metric];
    const delta = a === null || b === null ? null : round(rate ? (a - b) * 100 : a - b);
    const direction =
      delta === null || delta === 0 || higherIsBetter === null
        ? 'same'
        : delta > 0 === higherIsBetter
          ? 'better'
          : 'worse';
    return { metric, label, now: a, before: b, delta, direction };
  });
}

function worstArticles(report: InsightsReport): WeeklyDigest['worstArticles'] {
  return report.articles
    .filter((a) => a.views >= MIN_ARTICLE_VIEWS)
    .map((a) => ({ ...a, escalationRate: round(a.escalatedAfter / a.views) }))
    .filter((a) => a.escalatedAfter > 0 || a.helped < a.views)
    .sort((a, b) => b.escalationRate - a.escalationRate || a.helped / a.views - b.helped / b.views)
    .slice(0, TOP);
}

function worstFlowSteps(report: InsightsReport): WeeklyDigest['worstFlowSteps'] {
  return report.flows
    .flatMap((flow) =>
      flow.steps.map((step) => ({
        flowId: flow.flowId,
        nodeId: step.nodeId,
        reached: step.reached,
        failed: step.failed,
        droppedHere: step.droppedHere,
      })),
    )
    .filter((step) => step.failed + step.droppedHere > 0)
    .sort((a, b) => b.failed + b.droppedHere - (a.failed + a.droppedHere))
    .slice(0, TOP);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
