import { AUDIT_ACTIONS, SUBJECT_KINDS, type AuditQuery } from '../../audit';
import { AppError } from '../../errors';
import type { ConsoleApiDeps } from './api-deps';
import { defineRoute, type ConsoleRoute } from './route-registry';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/** The audit log for leads and admins. */
export function auditRoutes(deps: ConsoleApiDeps): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'listAuditEntries',
      method: 'get',
      path: '/api/console/audit',
      tag: 'audit',
      summary:
        'Audit log entries, newest first: sign-ins and failures, technician changes, ended sessions, ' +
        'privacy requests, and who viewed which hand-over, ticket or bot chat. A full page carries ' +
        '`next`: pass it as `cursor` for the following one.',
      minRole: 'lead',
      query: {
        action: { description: `One of: ${AUDIT_ACTIONS.join(', ')}` },
        actorId: { description: 'The technician who acted' },
        subjectKind: { description: `What was acted on: ${SUBJECT_KINDS.join(', ')}` },
        subjectId: { description: 'The id of what was acted on' },
        since: { description: 'Entries at or after this ISO 8601 time' },
        before: { description: 'Entries before this ISO 8601 time' },
        cursor: { description: 'The `next` value of the previous page' },
        limit: { description: `At most this many (1-${MAX_LIMIT}, default ${DEFAULT_LIMIT})` },
      },
      responds:
        '`{ "entries": [{ "id", "at", "action", "actorKind", "actorId", "actorName", "subjectKind", "subjectId", "clientAddress", "detail" }], "next"? }`',
      handler: async ({ query }) => {
        const request = auditQuery(query);
        const entries = await deps.audit.query(request);
        const last = entries.at(-1);
        const next = last && entries.length === request.limit ? encodeCursor(last) : undefined;
        return {
          body: {
            entries: entries.map(({ version: _v, day: _d, ...entry }) => entry),
            ...(next ? { next } : {}),
          },
        };
      },
    }),
  ];
}

function auditQuery(query: Record<string, string>): AuditQuery {
  const action = oneOf(query, 'action', AUDIT_ACTIONS);
  const subjectKind = oneOf(query, 'subjectKind', SUBJECT_KINDS);
  return {
    ...(action ? { action } : {}),
    ...(subjectKind ? { subjectKind } : {}),
    ...(text(query, 'actorId') ? { actorId: text(query, 'actorId') } : {}),
    ...(text(query, 'subjectId') ? { subjectId: text(query, 'subjectId') } : {}),
    ...(query.since ? { since: time(query, 'since') } : {}),
    ...(query.before ? { before: time(query, 'before') } : {}),
    ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}),
    limit: limit(query.limit),
  };
}

function oneOf<T extends string>(query: Record<string, string>, name: string, values: readonly T[]) {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw new AppError('BadArgument', `Invalid "${name}": use one of ${values.join(', ')}.`);
  }
  return value as T;
}

function text(query: Record<string, string>, name: string): string | undefined {
  const value = query[name]?.trim();
  if (!value) return undefined;
  if (value.length > 200) throw new AppError('BadArgument', `Invalid "${name}": at most 200 characters.`);
  return value;
}

function time(query: Record<string, string>, name: string): Date {
  const value = query[name] ?? '';
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    throw new AppError(
      'BadArgument',
      `Invalid "${name}": give an ISO 8601 time such as 2026-01-31T12:00:00Z.`,
    );
  }
  return at;
}

function limit(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_LIMIT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new AppError('BadArgument', `Invalid "limit": give a whole number from 1 to ${MAX_LIMIT}.`);
  }
  return n;
}

function encodeCursor(entry: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify([entry.at, entry.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor.slice(0, 400), 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return { at, id };
  } catch {
    // falls through to the error below
  }
  throw new AppError('BadArgument', 'Invalid "cursor": pass the "next" value of the previous page.');
}
