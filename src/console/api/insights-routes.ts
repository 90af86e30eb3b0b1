import { AppError } from '../../errors';
import { isLang } from '../../i18n';
import { MAX_RANGE_DAYS, type InsightsQuery, type InsightsReport } from '../../insights';
import { defineRoute, type ConsoleRoute } from './route-registry';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_FILTER_CHARS = 100;

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
        'unanswered cases, volumes by day, topic, language and channel, and per-article views, ' +
        `helped and escalated-after. At most ${MAX_RANGE_DAYS} days. Definitions: src/insights/README.md.`,
      minRole: 'lead',
      query: {
        from: { description: 'Cases opened at or after this ISO 8601 date or time', required: true },
        to: { description: 'Cases opened before this ISO 8601 date or time', required: true },
        language: { description: 'Only cases in this language (en, de, pl, ro)' },
        channel: { description: 'Only cases from this channel (directline, msteams, ...)' },
        topic: { description: 'Only cases about this taxonomy topic' },
      },
      responds:
        '`{ "from", "to", "cases", "outcomes": { "resolved-confirmed", "resolved-assumed", "handed-over", ' +
        '"ticket", "unanswered", "out-of-scope", "abandoned", "open" }, "botResolutionRate": { "confirmed", ' +
        '"assumed" }, "handoverRate", "abandonmentRate", "unanswered", "volumes": { "byDay", "byTopic", ' +
        '"byLanguage", "byChannel" }, "articles": [{ "articleId", "views", "helped", "escalatedAfter" }] }`',
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
  return value;
}
