import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import { AppError } from '../../errors';
import { HandoffError } from '../../handoff/handoff-types';
import { TicketError } from '../../tickets';
import type { Caller, ConsoleAuthenticator } from '../auth/authenticator';
import { hasRole, type Role } from './ports';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Which kind of record the `{id}` in the path names; tests use it to try other people's ids. */
export type ResourceKind =
  'handoff' | 'ticket' | 'technician' | 'conversation' | 'attachment' | 'incident' | 'mail';

export interface HandlerContext<B> {
  req: Request;
  res: Response;
  caller: Caller;
  body: B;
  params: Record<string, string>;
  query: Record<string, string>;
}

export interface HandlerResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Bytes sent as they are (a file), with `headers` naming their type; `body` is ignored. */
  raw?: Buffer;
}

export interface ConsoleRoute<B = unknown> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI form, `{name}` for path parameters. */
  path: string;
  summary: string;
  tag:
    | 'session'
    | 'queue'
    | 'handoff'
    | 'ticket'
    | 'knowledge'
    | 'technicians'
    | 'events'
    | 'audit'
    | 'privacy'
    | 'insights'
    | 'incidents'
    | 'feedback'
    | 'mail';
  /** Lowest role allowed; `null` for the login route, which takes credentials in its body. */
  minRole: Role | null;
  /** Also accepts `Authorization: Bearer <ADMIN_TOKEN>` (as the admin role), for operators' scripts. */
  acceptsAdminToken?: boolean;
  body?: z.ZodType<B>;
  /** A valid body, shown in the OpenAPI document (and used by the access-control tests). */
  example?: NoInfer<B>;
  query?: Record<string, { description: string; required?: boolean }>;
  resource?: ResourceKind;
  /** Response description for the OpenAPI document. */
  responds: string;
  /** Extra error statuses the route may answer with, besides 400/401/403/404. */
  errors?: number[];
  /** Server-Sent Events: the handler writes the response itself and resolves when it ends. */
  stream?: boolean;
  /** Media type of a `raw` success response (files), for the OpenAPI document. */
  produces?: string;
  handler(ctx: HandlerContext<B>): Promise<HandlerResult | void>;
  /** For `minRole: null` only: runs without a caller (it establishes one). */
  publicHandler?(req: Request, res: Response): Promise<HandlerResult>;
}

export function defineRoute<B = undefined>(route: ConsoleRoute<B>): ConsoleRoute<unknown> {
  return route as ConsoleRoute<unknown>;
}

export function toRestifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Registers the routes with one pipeline for all: authenticate (401), role (403), validate the
 * body (400 naming the field), then the handler, which answers 404 for records the caller may not
 * see. The order means an unauthenticated caller learns nothing about ids or bodies.
 */
export function registerConsoleRoutes(
  server: Server,
  routes: readonly ConsoleRoute[],
  auth: ConsoleAuthenticator,
): void {
  for (const route of routes) {
    const path = toRestifyPath(route.path);
    const handle = async (req: Request, res: Response) => {
      const result = await run(route, req, res, auth).catch(fromHandoffError);
      if (route.stream || !result) return;
      if (result.raw) {
        // A file's own headers replace the page-wide ones (its CSP is stricter, its type exact).
        for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
        res.setHeader('content-length', String(result.raw.length));
        res.writeHead(result.status ?? 200);
        res.end(result.raw);
        return;
      }
      for (const [name, value] of Object.entries(result.headers ?? {})) res.header(name, value);
      res.header('cache-control', 'no-store');
      res.send(result.status ?? 200, result.body);
    };
    server[route.method === 'delete' ? 'del' : route.method](path, handle);
  }
}

async function run(
  route: ConsoleRoute,
  req: Request,
  res: Response,
  auth: ConsoleAuthenticator,
): Promise<HandlerResult | void> {
  if (route.minRole === null) {
    if (!route.publicHandler) throw new Error(`${route.operationId}: a public route needs publicHandler`);
    return route.publicHandler(req, res);
  }
  const caller = (route.acceptsAdminToken && auth.adminTokenCaller(req)) || (await auth.identify(req));
  if (!hasRole(caller.technician, route.minRole)) {
    throw new AppError('Forbidden', `This needs the ${route.minRole} role.`);
  }
  const body = route.body ? parseBody(route.body, req.body) : undefined;
  const query = stringRecord(req.query);
  const params = stringRecord(req.params);
  return route.handler({ req, res, caller, body, params, query });
}

/**
 * The handoff core's and the ticket store's refusals as HTTP answers; "not yours" stays
 * indistinguishable from "absent", and a change the lifecycle does not allow is a 409 that says why.
 */
function fromHandoffError(err: unknown): never {
  if (err instanceof TicketError) throw fromTicketError(err);
  if (!(err instanceof HandoffError)) throw err;
  switch (err.code) {
    case 'not-found':
    case 'not-allowed':
      throw new AppError('NotFound', 'No such handoff.', { cause: err });
    case 'invalid':
      throw new AppError('BadArgument', err.message, { cause: err });
    default:
      throw new AppError('Conflict', err.message, { cause: err });
  }
}

function fromTicketError(err: TicketError): AppError {
  switch (err.code) {
    case 'not-found':
      return new AppError('NotFound', 'No such ticket.', { cause: err });
    case 'invalid-input':
    case 'invalid-rating':
      return new AppError('BadArgument', err.message, { cause: err });
    default:
      // invalid-transition, full, conflict: the request is fine, the ticket's state says no.
      return new AppError('Conflict', err.message, { cause: err });
  }
}

export function parseBody<B>(schema: z.ZodType<B>, raw: unknown): B {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(body)';
  throw new AppError('BadArgument', `Invalid "${field}": ${issue?.message ?? 'invalid value'}.`);
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}
