import { z } from 'zod';
import { AppError } from '../../errors';
import { PRIORITIES, TICKET_STATUSES, withStepTitles, type Ticket } from '../../tickets';
import type { ConsoleApiDeps } from './api-deps';
import { notFound } from './access';
import type { Technician } from './ports';
import { defineRoute, type ConsoleRoute } from './route-registry';
import { TICKET_QUERY_PARAMETERS, ticketQueryFrom } from './ticket-query-params';

const TICKET = '/api/console/tickets/{ticketId}';
const WHY_MAX = 500;
const LABEL_MAX = 100;

const updateBody = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    assigneeId: z.string().trim().min(1).max(LABEL_MAX).nullable().optional(),
    team: z.string().trim().min(1).max(LABEL_MAX).nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    category: z.string().trim().min(1).max(LABEL_MAX).optional(),
    why: z.string().trim().max(WHY_MAX).optional(),
  })
  .strict()
  .refine((b) => ['status', 'assigneeId', 'team', 'priority', 'category'].some((k) => k in b), {
    message: 'give at least one of status, assigneeId, team, priority, category',
  });

/**
 * The worklist: list, read (by id or number), change, reply or note, history, merge and link.
 * Every route with a ticket in its path answers 404 unless the caller may see that ticket
 * (`DeskAccess.ticket`: assigned to them, routed to their skills, or through a hand-over they
 * may read; leads and admins all), so another technician's ticket and an unknown one look alike.
 */
export function ticketRoutes(deps: ConsoleApiDeps): ConsoleRoute[] {
  const desk = deps.handoffs.tickets;
  const visible = async (params: Record<string, string>, viewer: Technician): Promise<Ticket> => {
    const ticket = await desk.find(params.ticketId ?? '', viewer);
    if (!ticket) throw notFound('ticket');
    return ticket;
  };
  /** A ticket named in a body (merge target, parent): one the caller may not see does not exist. */
  const named = async (field: string, idOrNumber: string, viewer: Technician): Promise<Ticket> => {
    const ticket = await desk.find(idOrNumber, viewer);
    if (!ticket) throw new AppError('BadArgument', `Invalid "${field}": no such ticket.`);
    return ticket;
  };
  return [
    defineRoute({
      operationId: 'listTickets',
      method: 'get',
      path: '/api/console/tickets',
      tag: 'ticket',
      summary:
        'The worklist: tickets the caller may see (leads: all), filtered, searched (`q`: number, category, ' +
        'user, problem, transcript), sorted and in pages (pass `nextCursor` back as `cursor`). Lists take ' +
        'comma-separated values; `view` picks a saved view.',
      minRole: 'technician',
      query: TICKET_QUERY_PARAMETERS,
      responds: '`{ "tickets": [...], "nextCursor"?: "..." }`',
      handler: async ({ caller, query }) => {
        const q = ticketQueryFrom(query, caller.technician.id, deps.clock());
        const page = await desk.list(q, caller.technician);
        return {
          body: {
            tickets: page.tickets.map(listed),
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          },
        };
      },
    }),
    defineRoute({
      operationId: 'getTicket',
      method: 'get',
      path: TICKET,
      tag: 'ticket',
      summary:
        'One ticket by id or number (e.g. HD-1001): the ticket, its (redacted) transcript, facts, files, ' +
        'history, public replies, internal notes and rating.',
      minRole: 'technician',
      resource: 'ticket',
      responds:
        '`{ "ticket", "transcript", "facts", "files", "attachments", "history", "replies", "notes", ' +
        '"rating", "related": { "mergedInto"?, "parent"?, "relatedTo"? } }` (ticket numbers; `relatedTo`: an ' +
        "earlier ticket of the same user's case this one could not continue on); each of `ticket.stepsTried` " +
        "carries the step's `title` when the flow or article is known",
      handler: async ({ caller, params }) => {
        const ticket = await visible(params, caller.technician);
        const found = await desk.view(ticket);
        const view = deps.stepTitle ? withStepTitles(found, deps.stepTitle) : found;
        await deps.audit.viewed('ticket', ticket.id, caller.technician);
        const shown = withoutRouting(view.ticket);
        return {
          body: {
            ticket: shown,
            transcript: view.transcript,
            facts: shown.facts,
            files: view.files,
            attachments: view.files,
            history: shown.history ?? [],
            replies: shown.replies ?? [],
            notes: shown.notes,
            rating: shown.rating ?? null,
            related: await desk.related(ticket),
          },
        };
      },
    }),
    defineRoute({
      operationId: 'updateTicket',
      method: 'patch',
      path: TICKET,
      tag: 'ticket',
      summary:
        'Change status, assignee (`null`: nobody), team (`null`: none), priority or category, with an ' +
        'optional reason (`why`) kept in the history. Status changes follow the lifecycle (new → open → ' +
        'pending / on-hold → resolved → closed, resolved → open reopens); any other answers 409.',
      minRole: 'technician',
      resource: 'ticket',
      body: updateBody,
      example: { status: 'pending', why: 'Asked the user for the error message.' },
      errors: [409],
      responds: '`{ "ticket": {...} }`',
      handler: async ({ caller, params, body }) => {
        const ticket = await visible(params, caller.technician);
        const updated = await desk.update(ticket, caller.technician, body);
        return { body: { ticket: withoutRouting(updated) } };
      },
    }),
    defineRoute({
      operationId: 'replyToTicket',
      method: 'post',
      path: `${TICKET}/replies`,
      tag: 'ticket',
      summary:
        "A public reply, sent to the user through their channel (in the chat if it is live, Teams' " +
        'proactive message, web chat kept for when they return) with how it went in `delivery`; or ' +
        'with `internal: true` an internal note that never reaches the user.',
      minRole: 'technician',
      resource: 'ticket',
      body: z
        .object({
          text: z
            .string()
            .trim()
            .min(1, 'must not be empty')
            .max(deps.maxMessageChars, `must be at most ${deps.maxMessageChars} characters`),
          internal: z.boolean().optional(),
        })
        .strict(),
      example: { text: 'Please restart the VPN client and tell me if it connects.' },
      errors: [409],
      responds:
        '`{ "reply": { "id", "by", "text", "at", "delivery": "live" | "proactive" | "on-return" | ' +
        '"undelivered" } }` (201), or `{ "note": {...} }` (201) for an internal note',
      handler: async ({ caller, params, body }) => {
        const ticket = await visible(params, caller.technician);
        if (body.internal)
          return { status: 201, body: { note: await desk.note(ticket, caller.technician, body.text) } };
        return { status: 201, body: { reply: await desk.reply(ticket, caller.technician, body.text) } };
      },
    }),
    defineRoute({
      operationId: 'getTicketHistory',
      method: 'get',
      path: `${TICKET}/history`,
      tag: 'ticket',
      summary: "The ticket's timeline, oldest first: who changed what, when, from → to and why.",
      minRole: 'technician',
      resource: 'ticket',
      responds: '`{ "history": [{ "id", "at", "by", "change", "from"?, "to"?, "why"? }] }`',
      handler: async ({ caller, params }) => {
        const ticket = await visible(params, caller.technician);
        return { body: { history: await desk.history(ticket) } };
      },
    }),
    defineRoute({
      operationId: 'mergeTicket',
      method: 'post',
      path: `${TICKET}/merge`,
      tag: 'ticket',
      summary:
        'Merge this ticket as a duplicate into another (`intoTicketId`: id or number): it is closed, and ' +
        'both histories say so.',
      minRole: 'technician',
      resource: 'ticket',
      body: z.object({ intoTicketId: z.string().trim().min(1).max(LABEL_MAX) }).strict(),
      example: { intoTicketId: 'HD-1001' },
      errors: [409],
      responds: '`{ "ticket": {...} }` (the closed duplicate)',
      handler: async ({ caller, params, body }) => {
        const ticket = await visible(params, caller.technician);
        const into = await named('intoTicketId', body.intoTicketId, caller.technician);
        return { body: { ticket: withoutRouting(await desk.merge(ticket, into, caller.technician)) } };
      },
    }),
    defineRoute({
      operationId: 'linkTicket',
      method: 'post',
      path: `${TICKET}/link`,
      tag: 'ticket',
      summary:
        'Link this ticket to a parent (`parentId`: id or number; `null` removes the link), e.g. one ' +
        'incident many users reported.',
      minRole: 'technician',
      resource: 'ticket',
      body: z.object({ parentId: z.string().trim().min(1).max(LABEL_MAX).nullable() }).strict(),
      example: { parentId: 'HD-1001' },
      errors: [409],
      responds: '`{ "ticket": {...} }`',
      handler: async ({ caller, params, body }) => {
        const ticket = await visible(params, caller.technician);
        const parent =
          body.parentId === null ? undefined : await named('parentId', body.parentId, caller.technician);
        return { body: { ticket: withoutRouting(await desk.link(ticket, parent, caller.technician)) } };
      },
    }),
  ];
}

/** The way back to the user's conversation is the server's business, not the page's. */
function withoutRouting(ticket: Ticket): Omit<Ticket, 'upstream'> {
  const { upstream: _routing, ...shown } = ticket;
  return shown;
}

/** A worklist row: the ticket without its timeline, thread and notes (the ticket page has them). */
function listed(ticket: Ticket) {
  const { history: _h, replies, notes, ...row } = withoutRouting(ticket);
  return { ...row, replyCount: replies?.length ?? 0, noteCount: notes.length };
}
