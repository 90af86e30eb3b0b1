import { randomUUID } from 'node:crypto';
import restify, { type Request, type Response, type Next, type Server } from 'restify';
import type { Logger } from '../logging';
import { AppError, errorBody, toPublicError, type ErrorCode } from '../errors';
import { securityHeaders } from './security-headers';
import { rejectUnsafeJson } from './json-limits';

export interface HttpServerOptions {
  bodyLimitBytes: number;
  logger: Logger;
  /**
   * How long an idle kept-alive connection stays open. It must outlast the idle timeout of every
   * client and proxy in front (load balancers keep idle backend connections for about 60 s): a
   * server that closes first races the client's next request on that connection, which then
   * fails with ECONNRESET without the server ever seeing it. Default: the configuration's default.
   */
  keepAliveTimeoutMs?: number;
  /** Send Strict-Transport-Security (production, or an https PUBLIC_URL). */
  hsts?: boolean;
  /**
   * Paths whose route reads a `multipart/form-data` body itself (with its own auth and limits).
   * Every other multipart request is refused with 415 before a byte of its body is read.
   */
  acceptsMultipart?: (path: string) => boolean;
}

declare module 'restify' {
  interface Request {
    requestId?: string;
    reqLog?: Logger;
  }
}

/**
 * The restify server every route hangs off. Errors leave as `{"error":{"code","message"}}` with a
 * stable code; restify's own messages (which can name internals) are replaced.
 */
export function createHttpServer({
  bodyLimitBytes,
  logger,
  keepAliveTimeoutMs = DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  hsts,
  acceptsMultipart = () => false,
}: HttpServerOptions): Server {
  const server = restify.createServer({
    name: 'FirstLine',
    handleUncaughtExceptions: false,
    ignoreTrailingSlash: true,
  });
  applyConnectionTimeouts(server.server, keepAliveTimeoutMs);
  server.pre(assignRequestId(logger));
  server.pre(securityHeaders({ hsts }));
  server.pre(rejectOversizedBody(bodyLimitBytes));
  server.pre(refuseMultipart(acceptsMultipart));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(bodyParsers(bodyLimitBytes));
  server.use(rejectUnsafeJson());
  server.on(
    'restifyError',
    (req: Request, _res: Response, err: Error & { toJSON?: () => unknown }, done: () => void) => {
      const { status, body } = describeRestifyError(err);
      (err as { statusCode?: number }).statusCode = status;
      err.toJSON = () => body;
      const log = req.reqLog ?? logger;
      if (status >= 500) log.error({ err, route: req.getRoute()?.path }, 'request failed');
      else log.info({ status, code: body.error.code, path: req.path() }, 'request rejected');
      done();
    },
  );
  return server;
}

/** `HTTP_KEEP_ALIVE_TIMEOUT_MS`'s default, for servers built without the configuration (tests). */
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Time a new request on a kept-alive connection gets for its headers beyond the idle timeout. */
const HEADERS_AFTER_KEEP_ALIVE_MS = 1000;

/**
 * Node closes idle connections after 5 s by default, sooner than clients and load balancers
 * expect. The headers timeout stays above the keep-alive timeout so a request arriving at the
 * end of the idle period is not cut off, and the whole-request timeout stays above both.
 */
function applyConnectionTimeouts(http: Server['server'], keepAliveTimeoutMs: number): void {
  http.keepAliveTimeout = keepAliveTimeoutMs;
  http.headersTimeout = Math.max(http.headersTimeout, keepAliveTimeoutMs + HEADERS_AFTER_KEEP_ALIVE_MS);
  http.requestTimeout = Math.max(http.requestTimeout, http.headersTimeout);
}

const RESTIFY_ERROR_CODES: Record<string, { code: ErrorCode; message: string }> = {
  PayloadTooLargeError: { code: 'PayloadTooLarge', message: 'The request body is too large.' },
  RequestEntityTooLargeError: { code: 'PayloadTooLarge', message: 'The request body is too large.' },
  InvalidContentError: { code: 'MalformedJson', message: 'The request body is not valid JSON.' },
  UnsupportedMediaTypeError: { code: 'UnsupportedMediaType', message: 'Unsupported content type.' },
  ResourceNotFoundError: { code: 'NotFound', message: 'Not found.' },
  MethodNotAllowedError: { code: 'MethodNotAllowed', message: 'Method not allowed.' },
  BadDigestError: { code: 'BadRequest', message: 'The request body does not match its digest.' },
};

function describeRestifyError(err: Error & { statusCode?: number }) {
  const known = RESTIFY_ERROR_CODES[err.name];
  if (known) return { status: restifyStatus(err, known.code), body: errorBody(known.code, known.message) };
  // Any other refusal restify makes of the request itself (a body its parsers cannot read) is the
  // client's mistake: a 4xx with a generic message, never a 500.
  const status = err.statusCode ?? 500;
  if (!(err instanceof AppError) && status >= 400 && status < 500) {
    return { status, body: errorBody('BadRequest', 'The request could not be read.') };
  }
  return toPublicError(err);
}

function restifyStatus(err: { statusCode?: number }, code: ErrorCode): number {
  if (code === 'PayloadTooLarge') return 413;
  return err.statusCode ?? 400;
}

function assignRequestId(logger: Logger) {
  return (req: Request, res: Response, next: Next) => {
    const incoming = req.header('x-request-id');
    req.requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    req.reqLog = logger.child({ requestId: req.requestId });
    res.setHeader('x-request-id', req.requestId);
    next();
  };
}

/**
 * JSON and form bodies only, read into memory up to the limit (chunked ones too). There is
 * deliberately no multipart parser here: restify's writes every part to the temp folder before
 * any route or auth check runs. `multipart/form-data` is left unread for the route that takes it.
 */
function bodyParsers(limit: number) {
  const options = { maxBodySize: limit, mapParams: false };
  const read = restify.plugins.bodyReader(options);
  const parse = [
    ...restify.plugins.jsonBodyParser({ ...options, bodyReader: true }),
    ...restify.plugins.urlEncodedBodyParser({ ...options, bodyReader: true }),
  ];
  return [
    (req: Request, res: Response, next: Next) => {
      if (req.method === 'GET' || req.method === 'HEAD') return next();
      return read(req, res, next);
    },
    ...parse,
  ];
}

/**
 * Refuses every multipart body (415) before it is read, except on the paths that read one
 * themselves; those get `multipart/form-data` only. The connection is closed so the unread body
 * is not drained.
 */
function refuseMultipart(acceptsMultipart: (path: string) => boolean) {
  return (req: Request, res: Response, next: Next) => {
    const type = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const allowed = acceptsMultipart(req.path());
    const refused = allowed
      ? type !== 'multipart/form-data' && req.method === 'POST'
      : type.startsWith('multipart/');
    if (!refused) return next();
    res.setHeader('connection', 'close');
    res.send(
      415,
      errorBody(
        'UnsupportedMediaType',
        allowed ? 'Send the file as multipart/form-data.' : 'This endpoint does not accept multipart bodies.',
      ),
    );
    return next(false);
  };
}

/** Refuses a declared oversized body before reading it; restify's reader checks streamed ones. */
function rejectOversizedBody(limit: number) {
  return (req: Request, res: Response, next: Next) => {
    const declared = Number(req.header('content-length') ?? 0);
    if (declared > limit) {
      res.setHeader('connection', 'close');
      res.send(413, errorBody('PayloadTooLarge', 'The request body is too large.'));
      next(false);
      return;
    }
    next();
  };
}
