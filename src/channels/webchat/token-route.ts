import type { Request, Response } from 'restify';
import type { Logger } from '../../logging';
import { AppError, errorBody, toPublicError } from '../../errors';
import type { RateLimiter } from '../../storage';
import type { VerifiedUser } from '../../identity';
import type { ResumeCredentials } from './resume-credentials';

export interface IssuedWebChatToken {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

/** Checks a host site's identity token; absent when WEBCHAT_IDENTITY_SECRET is not set. */
export type IdentityCheck = (token: unknown) => Promise<VerifiedUser>;

/** Coming back to a conversation: its credentials, and a fresh Direct Line token for it. */
export interface WebChatResume {
  credentials: ResumeCredentials;
  /** A token for an existing conversation (NotFound when retention removed it). */
  tokenFor: (conversationId: string, user?: VerifiedUser) => Promise<IssuedWebChatToken>;
}

export interface TokenRouteOptions {
  issueToken: (user?: VerifiedUser) => Promise<IssuedWebChatToken>;
  checkIdentity?: IdentityCheck;
  resume?: WebChatResume;
  logger: Logger;
  limiter: RateLimiter;
}

type Answer = { status: number; body?: unknown };

/**
 * `POST /api/webchat/token`: opens a new conversation, so calls are limited per client address
 * (counted in storage, so across instances) to keep one client from filling the database. A body
 * `{"identity": "<JWT signed by the host site>"}` names the user; a token that does not verify is
 * refused (401), never taken as anonymous. A verified user with a live conversation gets that one
 * back (`resumed: true`), so their other devices continue it. The answer carries `resume`, the
 * credential to come back with after the token is gone.
 */
export function tokenHandler(options: TokenRouteOptions) {
  return limited(options, async (req) => {
    const user = await identityOf(req, options.checkIdentity);
    const { resume } = options;
    const existing = user && resume ? await resume.credentials.latestOf(user.subject) : undefined;
    if (existing && resume) {
      const issued = await resume.tokenFor(existing.conversationId, user).catch(unlessGone);
      if (issued) {
        const credential = await resume.credentials.issue(issued.conversationId, issued.userId, user);
        return { status: 200, body: { ...tokenBody(issued), resume: credential, resumed: true } };
      }
    }
    const issued = await options.issueToken(user);
    const credential = resume && (await resume.credentials.issue(issued.conversationId, issued.userId, user));
    return { status: 200, body: { ...tokenBody(issued), ...(credential ? { resume: credential } : {}) } };
  });
}

/**
 * `POST /api/webchat/resume` `{"resume": "<credential>", "identity"?: "<JWT>"}`: a token for the
 * credential's conversation and the next credential; the one presented is spent. Refused (401)
 * when the credential is unknown, spent, expired or (with an identity) another user's.
 */
export function resumeHandler(options: TokenRouteOptions & { resume: WebChatResume }) {
  return limited(options, async (req) => {
    const user = await identityOf(req, options.checkIdentity);
    const grant = await options.resume.credentials.redeem(field(req, 'resume'), user?.subject);
    const issued = await options.resume.tokenFor(grant.conversationId, user ?? grant.user).catch(unlessGone);
    if (!issued) throw new AppError('Unauthorized', 'This chat cannot be resumed; start a new one.');
    return { status: 200, body: { ...tokenBody(issued), resume: grant.credential, resumed: true } };
  });
}

/** `POST /api/webchat/forget` `{"resume": "<credential>"}`: no device can come back to that chat. */
export function forgetHandler(options: TokenRouteOptions & { resume: WebChatResume }) {
  return limited(options, async (req) => {
    await options.resume.credentials.revoke(field(req, 'resume'));
    return { status: 204 };
  });
}

function tokenBody(issued: IssuedWebChatToken) {
  const { token, conversationId, userId, expires_in } = issued;
  return { token, conversationId, userId, expires_in };
}

/** A conversation retention removed cannot be resumed; anything else is an error. */
function unlessGone(err: unknown): undefined {
  if (err instanceof AppError && err.code === 'NotFound') return undefined;
  throw err;
}

function field(req: Request, name: string): unknown {
  const body: unknown = req.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** The verified user of the request's identity token; undefined when the request carries none. */
export async function identityOf(
  req: Request,
  check: IdentityCheck | undefined,
): Promise<VerifiedUser | undefined> {
  const token = field(req, 'identity');
  if (token === undefined || token === null || token === '') return undefined;
  if (!check) throw new AppError('Unauthorized', 'This chat does not accept identity tokens.');
  return check(token);
}

/** Rate-limited per client address, never cached, errors as `{error}` bodies (never a 500 text). */
function limited(options: TokenRouteOptions, handle: (req: Request) => Promise<Answer>) {
  const { limiter } = options;
  return async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store, max-age=0');
    res.setHeader('pragma', 'no-cache');
    // The socket address, not X-Forwarded-For, which any client could forge.
    const address = req.socket?.remoteAddress ?? 'unknown';
    const decision = await limiter.consume(address);
    if (!decision.allowed) {
      res.setHeader('retry-after', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
      res.send(429, errorBody('TooManyRequests', 'Too many new chats from this address; wait a moment.'));
      return;
    }
    try {
      const answer = await handle(req);
      res.send(answer.status, answer.body);
    } catch (err) {
      // An AppError tells the client what happened; anything else is our fault.
      if (err instanceof AppError) {
        const { status, body } = toPublicError(err);
        res.send(status, body);
        return;
      }
      (req.reqLog ?? options.logger).error({ err }, 'web chat token could not be issued');
      res.send(503, errorBody('ServiceUnavailable', 'The chat is not available right now.'));
    }
  };
}
