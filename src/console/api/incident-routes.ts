import { z } from 'zod';
import { AppError } from '../../errors';
import {
  INCIDENT_STATUSES,
  IncidentError,
  MAX_STATUS_MESSAGE_CHARS,
  MAX_TITLE_CHARS,
  MAX_WORDS,
  viewOf,
  type Incident,
  type IncidentActor,
  type IncidentInput,
  type IncidentStatus,
} from '../../incidents';
import type { Technician } from './ports';
import { defineRoute, type ConsoleRoute } from './route-registry';
import type { ConsoleTopics } from './topic-routes';

/** What the incident routes need (src/incidents' IncidentService). */
export interface ConsoleIncidents {
  list(status?: IncidentStatus): Promise<Incident[]>;
  create(input: IncidentInput, by: IncidentActor): Promise<Incident>;
  update(id: string, input: IncidentInput, by: IncidentActor): Promise<Incident>;
}

const INCIDENT = '/api/console/incidents/{incidentId}';
/** Room for a message before redaction and trimming bring it under the stored limit. */
const message = z.string().max(MAX_STATUS_MESSAGE_CHARS * 2);
const statusMessages = z
  .object({ en: message.optional(), de: message.optional(), pl: message.optional(), ro: message.optional() })
  .strict();
const words = z.array(z.string().trim().min(1).max(40)).max(MAX_WORDS);
const tickets = z.array(z.string().trim().min(1).max(100)).max(100);

const createBody = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(MAX_TITLE_CHARS * 2),
    topic: z.string().trim().min(1).max(100).optional(),
    words: words.optional(),
    status: z.enum(['suspected', 'confirmed']).optional(),
    statusMessages: statusMessages.optional(),
    linkTicketIds: tickets.optional(),
  })
  .strict();

const updateBody = z
  .object({
    title: z
      .string()
      .trim()
      .min(1)
      .max(MAX_TITLE_CHARS * 2)
      .optional(),
    topic: z.string().trim().min(1).max(100).nullable().optional(),
    words: words.optional(),
    status: z.enum(INCIDENT_STATUSES).optional(),
    statusMessages: statusMessages.optional(),
    linkTicketIds: tickets.optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();

const RESPONDS =
  '`{ "incident": { "id", "number", "title", "topic", "words", "status", "statusMessages": { "en", "de", ' +
  '"pl", "ro" }, "source", "spike", "links": [{ "conversationId", "channelId", "userId", "language", ' +
  '"linkedAt", "notified" }], "ticketIds", "createdBy", "createdAt", "updatedAt", "confirmedAt", "closedAt" } }`';

/**
 * Incidents: every technician reads them; leads raise, confirm, resolve or dismiss them. A topic
 * given must be one of the taxonomy's (`topics`; not checked while it has none): a problem is
 * matched to an incident by the topic the matcher gives it, so another topic would match nobody.
 */
export function incidentRoutes(
  incidents: ConsoleIncidents,
  topics: ConsoleTopics = () => [],
): ConsoleRoute[] {
  const checkTopic = (topic: string | null | undefined): void => {
    if (typeof topic !== 'string') return;
    const known = topics();
    if (known.length === 0 || known.some((t) => t.id === topic)) return;
    throw new AppError(
      'BadArgument',
      `Invalid "topic": "${topic.slice(0, 100)}" is not a topic of the taxonomy (listTopics lists them).`,
    );
  };
  return [
    defineRoute({
      operationId: 'listIncidents',
      method: 'get',
      path: '/api/console/incidents',
      tag: 'incidents',
      summary:
        'Incidents, newest first (at most 500): suspected ones the spike detector or a lead raised, ' +
        'confirmed (active: users whose problem matches are told the status), resolved and dismissed.',
      minRole: 'technician',
      query: { status: { description: `Only incidents in this status (${INCIDENT_STATUSES.join(', ')})` } },
      responds: '`{ "incidents": [ incident, ... ] }` (each as in createIncident)',
      handler: async ({ query }) => {
        const status = query.status?.trim();
        if (status && !(INCIDENT_STATUSES as readonly string[]).includes(status))
          throw new AppError('BadArgument', `Invalid "status": one of ${INCIDENT_STATUSES.join(', ')}.`);
        const list = await incidents.list(status as IncidentStatus | undefined);
        return { body: { incidents: list.map(viewOf) } };
      },
    }),
    defineRoute({
      operationId: 'createIncident',
      method: 'post',
      path: '/api/console/incidents',
      tag: 'incidents',
      summary:
        'Raise an incident by hand: a title, the topic and/or words problems match by, suspected or ' +
        'confirmed (confirmed needs a status message in at least one of en, de, pl, ro; messages are ' +
        `redacted and kept to ${MAX_STATUS_MESSAGE_CHARS} characters), and tickets to link by id or number.`,
      minRole: 'lead',
      body: createBody,
      example: {
        title: 'Outlook does not start after the update',
        topic: 'email.outlook',
        words: ['outlook'],
        status: 'confirmed',
        statusMessages: { en: 'We are rolling the update back; expect a fix by 11:00.' },
      },
      responds: RESPONDS,
      handler: async ({ caller, body }) => {
        checkTopic(body.topic);
        const created = await incidents.create(body, actor(caller.technician)).catch(mapError);
        return { status: 201, body: { incident: viewOf(created) } };
      },
    }),
    defineRoute({
      operationId: 'updateIncident',
      method: 'patch',
      path: INCIDENT,
      tag: 'incidents',
      summary:
        'Change an incident: confirm it (with a status message per language), update its status ' +
        'messages, title, topic or words, link tickets, resolve it (linked users are told, linked ' +
        'tickets resolve with a history line) or dismiss it. suspected → confirmed or dismissed, ' +
        'confirmed → resolved; anything else answers 409, as does a `version` that is no longer current.',
      minRole: 'lead',
      resource: 'incident',
      body: updateBody,
      example: { status: 'resolved', statusMessages: { en: 'The update was rolled back.' } },
      errors: [409],
      responds: RESPONDS,
      handler: async ({ caller, params, body }) => {
        const id = params.incidentId ?? '';
        checkTopic(body.topic);
        const updated = await incidents.update(id, body, actor(caller.technician)).catch(mapError);
        return { body: { incident: viewOf(updated) } };
      },
    }),
  ];
}

function actor(technician: Technician): IncidentActor {
  return { kind: 'technician', id: technician.id, name: technician.name };
}

function mapError(err: unknown): never {
  if (!(err instanceof IncidentError)) throw err;
  const code = err.code === 'not-found' ? 'NotFound' : err.code === 'conflict' ? 'Conflict' : 'BadArgument';
  throw new AppError(code, err.message, { cause: err });
}
