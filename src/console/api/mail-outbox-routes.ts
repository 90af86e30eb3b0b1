import type { AuditActor, AuditLog } from '../../audit';
import { AppError } from '../../errors';
import { OUTBOX_STATES, type OutboxMail, type OutboxPageQuery, type OutboxState } from '../../mail';
import type { Caller } from '../auth/authenticator';
import { notFound } from './access';
import { defineRoute, type ConsoleRoute } from './route-registry';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
/** What the detail view shows of a body: enough to see what went out, not a whole pasted log. */
const MAX_SHOWN_BODY_CHARS = 20_000;
const MAX_CURSOR_CHARS = 200;

/** What the outbox view needs of src/mail: the stored rows, one attempt on request, and redaction. */
export interface ConsoleMailOutbox {
  page(query: OutboxPageQuery): Promise<OutboxMail[]>;
  counts(): Promise<Record<OutboxState, number>>;
  get(id: string): Promise<OutboxMail | undefined>;
  retry(id: string): Promise<OutboxMail | 'busy' | undefined>;
  /** Secrets (passwords, keys, tokens) out of what is shown; the rows keep what their caller stored. */
  redact(text: string): string;
}

/**
 * The mail outbox for administrators: what is waiting, sent and given up, with recipient, subject,
 * attempts and the last error's code, and one attempt now at a waiting or given-up e-mail.
 */
export function mailOutboxRoutes(outbox: ConsoleMailOutbox, audit: AuditLog): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'listMailOutbox',
      method: 'get',
      path: '/api/console/mail-outbox',
      tag: 'mail',
      summary:
        'E-mails to users in the outbox, newest first: pending (waiting for a retry), sending, sent and ' +
        'failed (given up), with recipient, subject (secrets redacted), attempts, the last error (an SMTP ' +
        'code, never the server text), when the next attempt is due, and the count in each state. Rows are ' +
        'deleted MAIL_OUTBOX_RETENTION_DAYS after they were queued.',
      minRole: 'admin',
      query: {
        state: { description: `Only e-mails in this state (${OUTBOX_STATES.join(', ')})` },
        limit: { description: `At most this many (1-${MAX_LIMIT}, default ${DEFAULT_LIMIT})` },
        cursor: { description: "The previous page's `nextCursor`" },
      },
      responds:
        '`{ "items": [{ "id", "to", "subject", "state", "attempts", "createdAt", "dueAt", "sentAt", ' +
        '"lastError", "messageId" }], "counts": { "pending", "sending", "sent", "failed" }, "nextCursor" }`',
      handler: async ({ query }) => {
        const page = pageQuery(query);
        const rows = await outbox.page({ ...page, limit: page.limit + 1 });
        const shown = rows.slice(0, page.limit);
        const last = shown.at(-1);
        return {
          body: {
            items: shown.map((row) => summary(row, outbox.redact)),
            counts: await outbox.counts(),
            ...(rows.length > page.limit && last ? { nextCursor: cursorOf(last) } : {}),
          },
        };
      },
    }),
    defineRoute({
      operationId: 'getMailOutboxItem',
      method: 'get',
      path: '/api/console/mail-outbox/{mailId}',
      tag: 'mail',
      summary:
        'One e-mail of the outbox with its plain-text body (secrets redacted, at most ' +
        `${MAX_SHOWN_BODY_CHARS.toLocaleString('en')} characters).`,
      minRole: 'admin',
      resource: 'mail',
      responds: '`{ "mail": { ...as one item of listMailOutbox, "text", "textTruncated" } }`',
      handler: async ({ params }) => {
        const row = await outbox.get(params.mailId ?? '');
        if (!row) throw notFound('e-mail');
        const text = outbox.redact(row.message.text);
        return {
          body: {
            mail: {
              ...summary(row, outbox.redact),
              text: text.slice(0, MAX_SHOWN_BODY_CHARS),
              textTruncated: text.length > MAX_SHOWN_BODY_CHARS,
            },
          },
        };
      },
    }),
    defineRoute({
      operationId: 'retryMailOutboxItem',
      method: 'post',
      path: '/api/console/mail-outbox/{mailId}/retry',
      tag: 'mail',
      summary:
        'Tries a pending or failed e-mail once now, with the same Message-ID, and answers after the ' +
        "attempt with the e-mail's new state: sent, or pending/failed with the new last error (a failed " +
        'one stays failed; a pending one keeps its remaining retries). 409 while it is being sent or once ' +
        'it was sent. Audited.',
      minRole: 'admin',
      resource: 'mail',
      errors: [409],
      responds: '`{ "mail": { ...as one item of listMailOutbox } }`',
      handler: async ({ params, caller, req }) => {
        const id = params.mailId ?? '';
        const result = await outbox.retry(id);
        if (!result) throw notFound('e-mail');
        if (result === 'busy')
          throw new AppError('Conflict', 'That e-mail is being sent or was sent already: nothing to retry.');
        await audit.record({
          action: 'mail.retried',
          actor: actorOf(caller),
          subject: { kind: 'mail', id },
          clientAddress: req.socket?.remoteAddress,
          detail: { state: result.state, attempts: result.attempts },
        });
        return { body: { mail: summary(result, outbox.redact) } };
      },
    }),
  ];
}

/** What a list row shows: never the headers (they carry thread ids) nor the HTML. */
function summary(row: OutboxMail, redact: (text: string) => string): Record<string, unknown> {
  const waiting = row.state === 'pending' || row.state === 'sending';
  return {
    id: row.id,
    to: row.message.to,
    subject: redact(row.message.subject),
    state: row.state,
    attempts: row.attempts,
    createdAt: row.createdAt,
    ...(waiting ? { dueAt: row.dueAt } : {}),
    ...(row.sentAt ? { sentAt: row.sentAt } : {}),
    ...(row.lastError ? { lastError: row.lastError } : {}),
    messageId: row.message.messageId,
  };
}

function actorOf(caller: Caller): AuditActor {
  if (caller.via === 'admin-token') return { kind: 'admin-token' };
  return { kind: 'technician', id: caller.technician.id, name: caller.technician.name };
}

function pageQuery(query: Record<string, string>): OutboxPageQuery {
  const state = query.state?.trim();
  if (state && !(OUTBOX_STATES as readonly string[]).includes(state))
    throw new AppError('BadArgument', `Invalid "state": one of ${OUTBOX_STATES.join(', ')}.`);
  const limitText = query.limit?.trim();
  const limit = limitText ? Number(limitText) : DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new AppError('BadArgument', `Invalid "limit": a whole number from 1 to ${MAX_LIMIT}.`);
  const cursor = query.cursor?.trim();
  return {
    limit,
    ...(state ? { state: state as OutboxState } : {}),
    ...(cursor ? { after: parseCursor(cursor) } : {}),
  };
}

/** `<createdAt> <id>` in base64url: opaque to callers, checked on the way back. */
function cursorOf(row: OutboxMail): string {
  return Buffer.from(`${row.createdAt} ${row.id}`).toString('base64url');
}

function parseCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id, ...rest] =
    cursor.length <= MAX_CURSOR_CHARS ? Buffer.from(cursor, 'base64url').toString('utf8').split(' ') : [];
  if (!createdAt || !id || rest.length > 0 || Number.isNaN(Date.parse(createdAt)))
    throw new AppError('BadArgument', 'Invalid "cursor": pass back the nextCursor of the previous page.');
  return { createdAt, id };
}
