import { AppError } from '../../errors';
import { isLang } from '../../i18n';
import { MAX_RANGE_DAYS, type InsightsQuery, type InsightsReport } from '../../insights';
import { defineRoute, type ConsoleRoute } from './route-registry';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_FILTER_CHARS = 100;
/** Channel ids and taxonomy topics are lower-case words joined by dots, dashes or underscores. */
const FILTER_VALUE = /^[a-z0-9][a-z0-9._-]*$/i;

/** What the insights route needs: the reports over the case records (src/insights). */
export interface ConsoleInsights {
  report(query: InsightsQuery): Promise<InsightsReport>;
}

/** The reports over the problems the bot handled, for leads and admins. */
export function insightsRoutes(insights: ConsoleInsights): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'getInsights',
      method: 'get',
      path: '/api/console/insights',
      tag: 'insights',
      summary:
        'Counts over the problems the bot handled (one case record per problem) opened in [from, to): ' +
        'outcomes, bot resolution rate (confirmed and assumed apart), hand-over and abandonment rates, ' +
        'hand-overs by reason, unanswered cases, volumes by day, topic, language and channel, per-article ' +
        'views, helped and escalated-after, the funnel of each guided flow (where users drop out), and ' +
        'for the tickets opened in the range: first response and resolution time (median, p90, working ' +
        'hours), CSAT, SLA attainment and reopen rate. ' +
        `At most ${MAX_RANGE_DAYS} days. Definitions: src/insights/README.md.`,
      minRole: 'lead',
      query: {
        from: { description: 'Cases opened at or after this ISO 8601 date or time', required: true },
        to: { description: 'Cases opened before this ISO 8601 date or time', required: true },
        language: { description: 'Only cases in this language (en, de, pl, ro)' },
        channel: { description: 'Only cases (and tickets) from this channel (directline, msteams, ...)' },
        topic: {
          description:
            "Only cases about this taxonomy topic, and tickets of its area (the topic's first part)",
        },
      },
      responds:
        '`{ "from", "to", "cases", "outcomes": { "resolved-confirmed", "resolved-assumed", "handed-over", ' +
        '"ticket", "unanswered", "out-of-scope", "abandoned", "open" }, "botResolutionRate": { "confirmed", ' +
        '"assumed" }, "handoverRate", "handoverByReason": [{ "reason", "cases", "rate" }], "abandonmentRate", ' +
        '"unanswered", "volumes": { "byDay": [{ "day", "cases", "resolved", "escalated" }], "byTopic", ' +
        '"byLanguage", "byChannel" }, "articles": [{ "articleId", "views", "helped", "escalatedAfter" }], ' +
        '"flows": [{ "flowId", "started", "resolved", "escalated", "abandoned", "steps": [{ "nodeId", ' +
        '"reached", "worked", "failed", "droppedHere" }] }], "technicians": { "tickets", "hours", ' +
        '"firstResponse": { "measured", "medianHours", "p90Hours" }, "resolution": {...}, "csat": { ' +
        '"ratings", "average", "satisfiedRate", "distribution" }, "sla": { "firstResponse": { "met", ' +
        '"breached", "rate" }, "resolution": {...} }, "reopen": { "resolved", "reopened", "rate" } }, ' +
        '"botCsat": { "ratings", "average", "satisfiedRate", "distribution" } }` (botCsat: ratings of problems ' +
        "the bot resolved itself, apart from the technicians' CSAT)",
      handler: async ({ query }) => ({ body: await insights.report(insightsQuery(query)) }),
    }),
  ];
}

function insightsQuery(query: Record<string, string>): InsightsQuery {
  const from = time(query, 'from');
  const to = time(query, 'to');
  if (to.getTime() <= from.getTime()) throw new AppError('BadArgument', '"to" must be after "from".');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw new AppError('BadArgument', `The range covers at most ${MAX_RANGE_DAYS} days.`);
  const language = filter(query, 'language');
  if (language !== undefined && !isLang(language))
    throw new AppError('BadArgument', 'Invalid "language": one of en, de, pl, ro.');
  const channel = filter(query, 'channel');
  const topic = filter(query, 'topic');
  return {
    from,
    to,
    ...(language ? { language } : {}),
    ...(channel ? { channel } : {}),
    ...(topic ? { topic } : {}),
  };
}

function time(query: Record<string, string>, name: string): Date {
  const value = query[name];
  if (!value) throw new AppError('BadArgument', `"${name}" is required (an ISO 8601 date or time).`);
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime()))
    throw new AppError('BadArgument', `Invalid "${name}": an ISO 8601 date or time.`);
  return at;
}

function filter(query: Record<string, string>, name: string): string | undefined {
  const value = query[name]?.trim();
  if (!value) return undefined;
  if (value.length > MAX_FILTER_CHARS) throw new AppError('BadArgument', `Invalid "${name}": too long.`);
  if (!FILTER_VALUE.test(value))
    throw new AppError('BadArgument', `Invalid "${name}": letters, digits, dots and dashes only.`);
  return value;
}
