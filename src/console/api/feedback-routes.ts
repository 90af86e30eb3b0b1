import { z } from 'zod';
import { AppError } from '../../errors';
import {
  FEEDBACK_STATUSES,
  type FeedbackQuery,
  type FeedbackRecord,
  type FeedbackStatus,
  type OutboxItem,
} from '../../feedback';
import { notFound } from './access';
import { defineRoute, type ConsoleRoute } from './route-registry';

const MAX_FILTER_CHARS = 100;
const MAX_LIMIT = 500;
const SOURCES = ['chat', 'rating', 'article'] as const;

/** What the feedback routes need: the store and how each delivery to the owning team went. */
export interface ConsoleFeedback {
  list(query: FeedbackQuery): Promise<FeedbackRecord[]>;
  setStatus(id: string, status: FeedbackStatus, by: string): Promise<FeedbackRecord | 'conflict' | undefined>;
  deliveries(feedbackIds: readonly string[]): Promise<OutboxItem[]>;
}

/** The Feedback inbox: users' remarks filed by topic and owning team, for leads and admins. */
export function feedbackRoutes(feedback: ConsoleFeedback): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'listFeedback',
      method: 'get',
      path: '/api/console/feedback',
      tag: 'feedback',
      summary:
        "Users' feedback on the help, newest first: remarks in chat, comments left with a rating and " +
        'articles marked unhelpful, each filed under a topic and its owning team (content/taxonomy.yaml), ' +
        'with its inbox status and how the deliveries to the team went. Text is redacted.',
      minRole: 'lead',
      query: {
        status: { description: 'Only feedback in this status (new, acknowledged, done)' },
        team: { description: 'Only feedback routed to this owning team' },
        topic: { description: 'Only feedback about this taxonomy topic' },
        source: { description: 'Only feedback from chat, rating or article' },
        limit: { description: `At most this many (1-${MAX_LIMIT}, default ${MAX_LIMIT})` },
      },
      responds:
        '`{ "items": [{ "id", "createdAt", "source", "sentiment", "text", "topic", "team", "about", ' +
        '"articleId", "ticketNumber", "score", "language", "channelId", "status", "statusBy", "statusAt", ' +
        '"deliveries": [{ "channel", "state", "attempts", "lastError", "sentAt" }] }] }`',
      handler: async ({ query }) => {
        const records = await feedback.list(feedbackQuery(query));
        const deliveries = await feedback.deliveries(records.map((r) => r.id));
        return { body: { items: records.map((record) => view(record, deliveries)) } };
      },
    }),
    defineRoute({
      operationId: 'updateFeedback',
      method: 'patch',
      path: '/api/console/feedback/{feedbackId}',
      tag: 'feedback',
      summary:
        'Moves feedback on in the inbox: new → acknowledged → done (only forwards; 409 when it is ' +
        'already there or further).',
      minRole: 'lead',
      body: z.object({ status: z.enum(['acknowledged', 'done']) }).strict(),
      example: { status: 'acknowledged' },
      errors: [409],
      responds: '`{ "feedback": {...} }` (as one item of listFeedback)',
      handler: async ({ params, body, caller }) => {
        const updated = await feedback.setStatus(params.feedbackId ?? '', body.status, caller.technician.id);
        if (!updated) throw notFound('feedback');
        if (updated === 'conflict')
          throw new AppError('Conflict', `The feedback is already ${body.status} or further.`);
        return { body: { feedback: view(updated, await feedback.deliveries([updated.id])) } };
      },
    }),
  ];
}

function view(record: FeedbackRecord, deliveries: readonly OutboxItem[]): Record<string, unknown> {
  // Who said it stays out of the inbox: the remark is about the help, not the person.
  const { userId: _user, conversationId: _conversation, version: _version, ...shown } = record;
  return {
    ...shown,
    source: record.source ?? 'chat',
    status: record.status ?? 'new',
    deliveries: deliveries
      .filter((d) => d.feedbackId === record.id)
      .map((d) => ({
        channel: d.channel,
        state: d.state,
        attempts: d.attempts,
        ...(d.lastError ? { lastError: d.lastError } : {}),
        ...(d.sentAt ? { sentAt: d.sentAt } : {}),
      })),
  };
}

function feedbackQuery(query: Record<string, string>): FeedbackQuery {
  const status = filter(query, 'status');
  if (status !== undefined && !(FEEDBACK_STATUSES as readonly string[]).includes(status))
    throw new AppError('BadArgument', `Invalid "status": one of ${FEEDBACK_STATUSES.join(', ')}.`);
  const source = filter(query, 'source');
  if (source !== undefined && !(SOURCES as readonly string[]).includes(source))
    throw new AppError('BadArgument', `Invalid "source": one of ${SOURCES.join(', ')}.`);
  const limitText = filter(query, 'limit');
  const limit = limitText === undefined ? MAX_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new AppError('BadArgument', `Invalid "limit": a whole number from 1 to ${MAX_LIMIT}.`);
  const team = filter(query, 'team');
  const topic = filter(query, 'topic');
  return {
    limit,
    ...(status ? { status: status as FeedbackStatus } : {}),
    ...(source ? { source: source as FeedbackQuery['source'] } : {}),
    ...(team ? { team } : {}),
    ...(topic ? { topic } : {}),
  };
}

function filter(query: Record<string, string>, name: string): string | undefined {
  const value = query[name]?.trim();
  if (!value) return undefined;
  if (value.length > MAX_FILTER_CHARS) throw new AppError('BadArgument', `Invalid "${name}": too long.`);
  return value;
}
