import type { Request, Response } from 'restify';
import type { Logger } from '../../logging';
import { AppError, errorBody, toPublicError } from '../../errors';
import type { RateLimiter } from '../../storage';
import type { VerifiedUser } from '../../identity';

export interface IssuedWebChatToken {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

/** Checks a host site's identity token; absent when WEBCHAT_IDENTITY_SECRET is not set. */
export type IdentityCheck = (token: unknown) => Promise<VerifiedUser>;

/**
 * `POST /api/webchat/token`: each call opens a new conversation, so calls are limited per client
 * address (counted in storage, so across instances) to keep one client from filling the database.
 * A body `{"identity": "<JWT signed by the host site>"}` names the user; a token that does not
 * verify is refused (401), never taken as anonymous.
 */
export function tokenHandler(options: {
  issueToken: (user?: VerifiedUser) => Promise<IssuedWebChatToken>;
  checkIdentity?: IdentityCheck;
  logger: Logger;
  limiter: RateLimiter;
}) {
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
      const user = await identityOf(req, options.checkIdentity);
      const { token, conversationId, userId, expires_in } = await options.issueToken(user);
      res.send(200, { token, conversationId, userId, expires_in });
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

/** The verified user of the request's identity token; undefined when the request carries none. */
export async function identityOf(
  req: Request,
  check: IdentityCheck | undefined,
): Promise<VerifiedUser | undefined> {
  const body: unknown = req.body;
  const token = body && typeof body === 'object' ? (body as Record<string, unknown>).identity : undefined;
  if (token === undefined || token === null || token === '') return undefined;
  if (!check) throw new AppError('Unauthorized', 'This chat does not accept identity tokens.');
  return check(token);
}
