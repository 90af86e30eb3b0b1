import type { StoredDigest, WeeklyDigest } from '../../digest';
import { AppError } from '../../errors';
import { notFound } from './access';
import { defineRoute, type ConsoleRoute } from './route-registry';

/** What the digest route needs (src/digest). */
export interface ConsoleDigest {
  get(week?: string): Promise<StoredDigest | undefined>;
  weeks(): Promise<string[]>;
  preview(): Promise<WeeklyDigest>;
}

/** The weekly improvement digest, for leads and admins. */
export function digestRoutes(digest: ConsoleDigest): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'getDigest',
      method: 'get',
      path: '/api/console/digest',
      tag: 'insights',
      summary:
        'The weekly improvement digest (built each Monday for the week before, UTC): top knowledge gaps, ' +
        'articles users were escalated after, flow steps where they fail or drop out, repeat contacts, ' +
        'incidents, negative feedback by topic, and what changed since the week before. Without `week`, the ' +
        'newest kept; before the first is built, the current week so far (`preview: true`).',
      minRole: 'lead',
      query: { week: { description: 'The Monday (YYYY-MM-DD) starting the week; absent: the newest' } },
      responds:
        '`{ "digest": { "week", "from", "to", "totals", "previous", "changes": [{ "metric", "label", "now", ' +
        '"before", "delta", "direction" }], "gaps", "worstArticles", "worstFlowSteps", "incidents", ' +
        '"feedbackByTopic" }, "weeks": ["YYYY-MM-DD", ...], "preview": boolean }`',
      handler: async ({ query }) => {
        const week = query.week?.trim();
        if (week && !/^\d{4}-\d{2}-\d{2}$/.test(week))
          throw new AppError('BadArgument', 'Invalid "week": a date, YYYY-MM-DD.');
        const weeks = await digest.weeks();
        const kept = await digest.get(week || undefined);
        if (week && !kept) throw notFound('digest for that week');
        if (kept) {
          const { version: _version, mail: _mail, mailedAt: _mailedAt, ...shown } = kept;
          return { body: { digest: shown, weeks, preview: false } };
        }
        return { body: { digest: await digest.preview(), weeks, preview: true } };
      },
    }),
  ];
}
