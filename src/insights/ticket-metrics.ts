import { workingMinutesBetween, type SupportConfig } from '../handoff';
import type { TicketFiguresQuery, TicketWorklist } from '../storage/ports';

/** Median and 90th percentile of a duration, in (working) hours; null when nothing was measured. */
export interface DurationStats {
  measured: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/** One service-level target over the tickets whose outcome for it is known. */
export interface SlaAttainment {
  met: number;
  breached: number;
  /** met / (met + breached); null when no ticket's target is decided yet. */
  rate: number | null;
}

export interface Csat {
  ratings: number;
  average: number | null;
  /** Ratings of 4 or 5 / all ratings (the "satisfied" share, as Zendesk and Freshdesk count it). */
  satisfiedRate: number | null;
  distribution: { score: number; count: number }[];
}

export interface TicketMetrics {
  /** Tickets opened in the range (the cohort the numbers below are about). */
  tickets: number;
  /** `working`: counted in support.yaml's opening hours; `calendar`: without opening hours. */
  hours: 'working' | 'calendar';
  firstResponse: DurationStats;
  resolution: DurationStats;
  csat: Csat;
  sla: { firstResponse: SlaAttainment; resolution: SlaAttainment };
  reopen: { resolved: number; reopened: number; rate: number | null };
}

export interface TicketFilter {
  from: string;
  to: string;
  language?: string;
  channel?: string;
  /** A case topic; tickets carry its area (the part before the first dot) as their category. */
  topic?: string;
}

/**
 * The technicians' side of the report, over the tickets opened in the range: from each ticket's
 * figures (src/storage/ticket-figures.ts), which the worklist keeps with the ticket.
 */
export async function ticketMetrics(
  worklist: Pick<TicketWorklist, 'figures'>,
  filter: TicketFilter,
  options: { hours?: SupportConfig; now: Date },
): Promise<{ technicians: TicketMetrics; botCsat: Csat }> {
  const query: TicketFiguresQuery = { createdFrom: filter.from, createdBefore: filter.to };
  if (filter.language) query.language = filter.language;
  if (filter.channel) query.channelId = filter.channel;
  if (filter.topic) query.category = filter.topic.split('.')[0] ?? filter.topic;
  const opened = await worklist.figures(query);
  // A problem the bot resolved itself is kept as a ticket resolved by the bot (src/followup, to be
  // followed up and rated); it is no technicians' work until the user says the fix did not hold.
  const found = opened.filter((ticket) => !ticket.byBot);
  // The users' ratings of the bot's own fixes (asked when the fix held): a figure of their own.
  const botScores = opened.flatMap((ticket) =>
    ticket.byBot && ticket.rating !== null ? [ticket.rating] : [],
  );
  const hours = options.hours;
  const elapsedHours = (from: string, to: string) => {
    const minutes = hours
      ? workingMinutesBetween(hours, new Date(from), new Date(to))
      : Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000);
    return minutes / 60;
  };
  const firstResponses: number[] = [];
  const resolutions: number[] = [];
  const scores: number[] = [];
  const sla = { firstResponse: { met: 0, breached: 0 }, resolution: { met: 0, breached: 0 } };
  let resolved = 0;
  let reopened = 0;
  const now = options.now.toISOString();
  for (const ticket of found) {
    const responded = ticket.firstResponseAt ?? undefined;
    if (responded) firstResponses.push(elapsedHours(ticket.createdAt, responded));
    const resolvedAt = ticket.firstResolvedAt ?? undefined;
    if (resolvedAt) {
      resolved += 1;
      resolutions.push(elapsedHours(ticket.createdAt, resolvedAt));
      if (ticket.reopened) reopened += 1;
    }
    if (ticket.rating !== null) scores.push(ticket.rating);
    count(
      sla.firstResponse,
      targetOutcome(ticket.firstResponseDueAt, responded, now, ticket.breachedFor === 'first-response'),
    );
    count(
      sla.resolution,
      targetOutcome(
        ticket.resolutionDueAt,
        resolvedAt,
        ticket.slaPaused ? '' : now,
        ticket.breachedFor === 'resolution',
      ),
    );
  }
  return {
    technicians: {
      tickets: found.length,
      hours: hours ? 'working' : 'calendar',
      firstResponse: durationStats(firstResponses),
      resolution: durationStats(resolutions),
      csat: csatOf(scores),
      sla: { firstResponse: attainment(sla.firstResponse), resolution: attainment(sla.resolution) },
      reopen: { resolved, reopened, rate: ratio(reopened, resolved) },
    },
    botCsat: csatOf(botScores),
  };
}

function csatOf(scores: number[]): Csat {
  return {
    ratings: scores.length,
    average: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length, 2) : null,
    satisfiedRate: ratio(scores.filter((s) => s >= 4).length, scores.length),
    distribution: [1, 2, 3, 4, 5].map((score) => ({
      score,
      count: scores.filter((s) => s === score).length,
    })),
  };
}

/**
 * Met when done by the due time, breached when done later, when the due time has passed undone
 * (`now` empty: the clock is stopped) or when the scheduler marked the breach; otherwise undecided.
 */
function targetOutcome(
  dueAt: string | null,
  doneAt: string | undefined,
  now: string,
  marked: boolean,
): 'met' | 'breached' | undefined {
  if (!dueAt) return undefined;
  if (marked) return 'breached';
  if (doneAt) return doneAt <= dueAt ? 'met' : 'breached';
  return now && now > dueAt ? 'breached' : undefined;
}

function count(target: { met: number; breached: number }, outcome: 'met' | 'breached' | undefined): void {
  if (outcome) target[outcome] += 1;
}

function attainment({ met, breached }: { met: number; breached: number }): SlaAttainment {
  return { met, breached, rate: ratio(met, met + breached) };
}

/** Nearest-rank percentiles, as the anchors' reports state them. */
export function durationStats(values: number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const value = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
    return value === undefined ? null : round(value, 2);
  };
  return { measured: sorted.length, medianHours: at(50), p90Hours: at(90) };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
