import { z } from 'zod';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/authenticator';
import type { ConsoleRoute } from './route-registry';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (`BadArgument` names the field)',
  401: 'No or invalid credentials',
  403: 'Role too low, or CSRF header missing on a cookie request',
  404: 'No such record, or not one the caller may see',
  409: 'Conflict with the current state (e.g. already claimed)',
  415: 'The body is not application/json',
  429: 'Too many attempts; wait for Retry-After seconds',
  503: 'Shutting down',
};

/**
 * The OpenAPI 3.1 document of the console API, built from the same route table that registers
 * the routes, with request bodies from their zod schemas: the document cannot drift from the code.
 */
export function buildOpenApiDocument(
  routes: readonly ConsoleRoute[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    const item = paths[route.path] as Record<string, unknown>;
    item[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'FirstLine technician console API',
      version,
      description:
        'Everything the technician console does. Authenticate with `Authorization: Bearer <API token>` ' +
        '(from `firstline technicians add`), a Teams SSO token as bearer, or the session cookie from ' +
        `POST /api/console/login (then send ${CSRF_HEADER} on state-changing requests). ` +
        'Roles: technician < lead < admin. Records the caller may not see answer 404.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'Technician API token or Teams SSO token',
        },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}

function operation(route: ConsoleRoute): Record<string, unknown> {
  const parameters = [
    ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...Object.entries(route.query ?? {}).map(([name, q]) => ({
      name,
      in: 'query',
      required: q.required ?? false,
      description: q.description,
      schema: { type: 'string' },
    })),
  ];
  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    'x-firstline-min-role': route.minRole,
    ...(route.resource ? { 'x-firstline-resource': route.resource } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: responses(route),
  };
  if (route.minRole === null) op.security = [];
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(route.body), example: route.example } },
    };
  }
  return op;
}

function responses(route: ConsoleRoute): Record<string, unknown> {
  const success = route.responds.startsWith('204') ? '204' : route.responds.includes('(201)') ? '201' : '200';
  const mediaType = route.stream ? 'text/event-stream' : (route.produces ?? 'application/json');
  const schema = route.stream
    ? { type: 'string' }
    : route.produces
      ? { type: 'string', format: 'binary' }
      : { type: 'object' };
  const out: Record<string, unknown> = {
    [success]:
      success === '204'
        ? { description: 'Done' }
        : { description: route.responds, content: { [mediaType]: { schema } } },
  };
  const statuses = new Set([401, ...(route.body || route.query ? [400] : []), ...(route.errors ?? [])]);
  if (route.minRole !== 'technician' && route.minRole !== null) statuses.add(403);
  if (route.resource) statuses.add(404);
  for (const status of [...statuses].sort()) {
    out[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return out;
}

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // Input form: what a client sends (defaults make fields optional).
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}
