import type { DocumentCollection, StorageBackend, Where } from '../storage/ports';
import { CASE_OUTCOMES, type CaseRecord } from './case-record';
import { caseCollection } from './case-store';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A report covers at most this many days (the range selects on whole days). */
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

export interface InsightsReport {
  from: string;
  to: string;
  cases: number;
  outcomes: Record<ReportedOutcome, number>;
  botResolutionRate: { confirmed: number; assumed: number };
  handoverRate: number;
  abandonmentRate: number;
  unanswered: number;
  volumes: {
    byDay: { day: string; cases: number }[];
    byTopic: { topic: string; cases: number }[];
    byLanguage: { language: string; cases: number }[];
    byChannel: { channel: string; cases: number }[];
  };
  articles: { articleId: string; views: number; helped: number; escalatedAfter: number }[];
}

/** Counts the case records for the console's insights (definitions: README.md of this folder). */
export class InsightsReports {
  private readonly records: DocumentCollection<CaseRecord>;
  private readonly clock: () => Date;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly options: { abandonedAfterMinutes: number; clock?: () => Date },
  ) {
    this.records = caseCollection(storage);
    this.clock = options.clock ?? (() => new Date());
  }

  async report(query: InsightsQuery): Promise<InsightsReport> {
    const where: Where<CaseRecord> = { day: { in: daysBetween(query.from, query.to) } };
    if (query.language) where.language = query.language as CaseRecord['language'];
    if (query.channel) where.channelId = query.channel;
    if (query.topic) where.topic = query.topic;
    const from = query.from.toISOString();
    const to = query.to.toISOString();
    const found = (await this.records.find({ where })).filter((r) => r.openedAt >= from && r.openedAt < to);
    const staleBefore = new Date(this.clock().getTime() - this.options.abandonedAfterMinutes * 60_000);
    return summarise(found, staleBefore.toISOString(), from, to);
  }
}

/** The outcome a report counts: an open case nobody came back to is abandoned. */
export function reportedOutcome(record: CaseRecord, staleBefore: string): ReportedOutcome {
  return record.outcome === 'open' && record.updatedAt < staleBefore ? 'abandoned' : record.outcome;
}

function summarise(records: CaseRecord[], staleBefore: string, from: string, to: string): InsightsReport {
  const outcomes = Object.fromEntries(
    [...CASE_OUTCOMES, 'abandoned'].map((o) => [o, 0]),
  ) as InsightsReport['outcomes'];
  const byDay = new Counter();
  const byTopic = new Counter();
  const byLanguage = new Counter();
  const byChannel = new Counter();
  const articles = new Map<
    string,
    { articleId: string; views: number; helped: number; escalatedAfter: number }
  >();
  for (const record of records) {
    const outcome = reportedOutcome(record, staleBefore);
    outcomes[outcome] += 1;
    byDay.add(record.day);
    byTopic.add(record.topic ?? 'none');
    byLanguage.add(record.language);
    byChannel.add(record.channelId);
    const escalated = outcome === 'handed-over' || outcome === 'ticket';
    for (const use of record.articles) {
      const counts = articles.get(use.articleId) ?? {
        articleId: use.articleId,
        views: 0,
        helped: 0,
        escalatedAfter: 0,
      };
      counts.views += 1;
      if (use.helped === true) counts.helped += 1;
      if (escalated) counts.escalatedAfter += 1;
      articles.set(use.articleId, counts);
    }
  }
  const total = records.length;
  const rate = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 10_000) / 10_000);
  return {
    from,
    to,
    cases: total,
    outcomes,
    botResolutionRate: {
      confirmed: rate(outcomes['resolved-confirmed']),
      assumed: rate(outcomes['resolved-assumed']),
    },
    handoverRate: rate(outcomes['handed-over'] + outcomes.ticket),
    abandonmentRate: rate(outcomes.abandoned),
    unanswered: outcomes.unanswered,
    volumes: {
      byDay: byDay.sortedByKey().map(([day, cases]) => ({ day, cases })),
      byTopic: byTopic.sortedByCount().map(([topic, cases]) => ({ topic, cases })),
      byLanguage: byLanguage.sortedByCount().map(([language, cases]) => ({ language, cases })),
      byChannel: byChannel.sortedByCount().map(([channel, cases]) => ({ channel, cases })),
    },
    articles: [...articles.values()].sort(
      (a, b) => b.views - a.views || a.articleId.localeCompare(b.articleId),
    ),
  };
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
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  sortedByKey(): [string, number][] {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b));
  }
  sortedByCount(): [string, number][] {
    return [...this.counts].sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb));
  }
}
