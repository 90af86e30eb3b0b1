import type { Request, Response } from 'restify';
import { z } from 'zod';
import { technicianActor, type AuditEvent } from '../../audit';
import { AppError } from '../../errors';
import { LANGUAGES } from '../../i18n/languages';
import { parseEmailAddress } from '../../identity';
import { readCookie, SESSION_COOKIE, sessionCookie, type ConsoleAuthenticator } from '../auth/authenticator';
import { LoginThrottledError, type LoginThrottle } from '../auth/login-throttle';
import type { SessionStore } from '../auth/session-store';
import type { ConsoleApiDeps } from './api-deps';
import { AVAILABILITIES, publicTechnician } from './ports';
import { defineRoute, parseBody, type ConsoleRoute } from './route-registry';

export interface SessionRouteDeps {
  auth: ConsoleAuthenticator;
  sessions: SessionStore;
  /** True when the console is served over https (PUBLIC_URL), so the cookie gets `Secure`. */
  secureCookies: boolean;
  throttle: LoginThrottle;
}

const loginBody = z
  .object({
    token: z.string().min(1).max(4096).optional(),
    ssoToken: z.string().min(1).max(16384).optional(),
  })
  .strict();

/** Sign-in, sign-out, the caller's own record and availability. */
export function sessionRoutes(deps: ConsoleApiDeps, session: SessionRouteDeps): ConsoleRoute[] {
  return [
    defineRoute({
      operationId: 'login',
      method: 'post',
      path: '/api/console/login',
      tag: 'session',
      summary:
        'Exchange an API token or a Teams SSO token for a session cookie (HttpOnly, SameSite=Strict) ' +
        'and the CSRF value to send in X-FirstLine-CSRF on state-changing requests. JSON bodies only ' +
        '(415 otherwise, so a cross-site form cannot sign anyone in); attempts per client address and ' +
        'sign-ins per technician are limited per minute (429 with Retry-After).',
      minRole: null,
      body: loginBody,
      example: { token: 'flt_...' },
      errors: [415, 429],
      responds: '`{ "technician": {...}, "csrf": "..." }` and a Set-Cookie header',
      handler: async () => undefined,
      publicHandler: async (req: Request, res: Response) => {
        const clientAddress = clientAddressOf(req);
        const fail = async (reason: string, technicianId?: string) => {
          const event: AuditEvent = {
            action: 'auth.sign-in-failed',
            actor: { kind: 'anonymous' },
            ...(technicianId ? { subject: { kind: 'technician', id: technicianId } } : {}),
            clientAddress,
            detail: { reason },
          };
          // Refusals past the budget are recorded once a minute per address and technician: a
          // flood of attempts must not grow the audit log without bound.
          if (!reason.startsWith('too-many')) return deps.audit.record(event);
          const minute = new Date().toISOString().slice(0, 16);
          return deps.audit.recordOnce(event, JSON.stringify([reason, clientAddress, technicianId, minute]));
        };
        try {
          await session.throttle.attempt(clientAddress);
        } catch (err) {
          if (err instanceof LoginThrottledError) {
            res.header('retry-after', String(err.retryAfterSeconds));
            await fail('too-many-attempts');
          }
          throw err;
        }
        if (!req.is('application/json')) {
          await fail('not-json');
          throw new AppError('UnsupportedMediaType', 'Send the sign-in as application/json.');
        }
        let caller;
        try {
          caller = await session.auth.technicianFor(parseCredential(req.body));
        } catch (err) {
          if (err instanceof AppError) await fail(err.code);
          throw err;
        }
        try {
          await session.throttle.account(caller.technician.id);
        } catch (err) {
          if (err instanceof LoginThrottledError) {
            res.header('retry-after', String(err.retryAfterSeconds));
            await fail('too-many-sign-ins', caller.technician.id);
          }
          throw err;
        }
        const via = caller.via === 'sso' ? 'sso' : 'token';
        const created = await session.sessions.create(caller.technician, via);
        await deps.audit.record({
          action: 'auth.sign-in',
          actor: technicianActor(caller.technician),
          subject: { kind: 'technician', id: caller.technician.id },
          clientAddress,
          detail: { via },
        });
        const cookie = sessionCookie(created.cookie, {
          secure: session.secureCookies || req.isSecure(),
          maxAgeSeconds: session.sessions.maxAgeSeconds,
        });
        return {
          headers: { 'set-cookie': cookie },
          body: { technician: publicTechnician(caller.technician), csrf: created.csrf },
        };
      },
    }),
    defineRoute({
      operationId: 'logout',
      method: 'post',
      path: '/api/console/logout',
      tag: 'session',
      summary: 'End the browser session (the cookie stops working on every instance).',
      minRole: 'technician',
      responds: '204',
      handler: async ({ req, caller }) => {
        const cookie = readCookie(req.header('cookie') ?? '', SESSION_COOKIE);
        if (cookie) await session.sessions.delete(cookie);
        await deps.audit.record({
          action: 'auth.sign-out',
          actor: technicianActor(caller.technician),
          subject: { kind: 'technician', id: caller.technician.id },
          clientAddress: clientAddressOf(req),
        });
        const cleared = sessionCookie('', { secure: session.secureCookies, maxAgeSeconds: 0 });
        return { status: 204, body: undefined, headers: { 'set-cookie': cleared } };
      },
    }),
    defineRoute({
      operationId: 'me',
      method: 'get',
      path: '/api/console/me',
      tag: 'session',
      summary: 'The signed-in technician.',
      minRole: 'technician',
      responds: '`{ "technician": {...}, "via": "token" | "sso" | "session" }`',
      handler: async ({ caller }) => ({
        body: { technician: publicTechnician(caller.technician), via: caller.via },
      }),
    }),
    defineRoute({
      operationId: 'setAvailability',
      method: 'put',
      path: '/api/console/me/availability',
      tag: 'session',
      summary: 'Set the caller online, away or offline (routing and the queue use it).',
      minRole: 'technician',
      body: z.object({ availability: z.enum(AVAILABILITIES) }),
      example: { availability: 'online' },
      responds: '`{ "technician": {...} }`',
      handler: async ({ caller, body }) => {
        const updated = await deps.directory.setAvailability(caller.technician.id, body.availability);
        if (!updated) throw new AppError('NotFound', 'No such technician.');
        return { body: { technician: publicTechnician(updated) } };
      },
    }),
    defineRoute({
      operationId: 'setMyLanguages',
      method: 'put',
      path: '/api/console/me/languages',
      tag: 'session',
      summary:
        'The languages the caller reads and writes, the first the one they write in, kept on the ' +
        'technician record: hand-overs are routed by them.',
      minRole: 'technician',
      body: z
        .object({
          languages: z
            .array(z.enum(LANGUAGES))
            .min(1)
            .max(LANGUAGES.length)
            .refine((list) => new Set(list).size === list.length, 'Each language once.'),
        })
        .strict(),
      example: { languages: ['en', 'de'] },
      responds: '`{ "technician": {...} }`',
      handler: async ({ caller, body }) => {
        const updated = await deps.directory.update(caller.technician.id, { languages: body.languages });
        if (!updated) throw new AppError('NotFound', 'No such technician.');
        return { body: { technician: publicTechnician(updated) } };
      },
    }),
    defineRoute({
      operationId: 'setMyEmail',
      method: 'put',
      path: '/api/console/me/email',
      tag: 'session',
      summary:
        "The caller's own work e-mail address, kept on their technician record (a lead's digest is " +
        "written in their language by it); null removes it. Only the caller's own record is changed.",
      minRole: 'technician',
      body: z
        .object({
          email: z
            .string()
            .max(254)
            .refine((value) => parseEmailAddress(value) !== undefined, 'not an e-mail address')
            .nullable(),
        })
        .strict(),
      example: { email: 'ada@example.com' },
      responds: '`{ "technician": {...} }`; 409 when another technician has the address',
      handler: async ({ caller, body }) => {
        const email = body.email === null ? undefined : parseEmailAddress(body.email);
        const updated = await deps.directory.setEmail(caller.technician.id, email);
        if (updated === 'taken') throw new AppError('Conflict', 'Another technician has this address.');
        if (!updated) throw new AppError('NotFound', 'No such technician.');
        return { body: { technician: publicTechnician(updated) } };
      },
    }),
    defineRoute({
      operationId: 'setNotificationPreferences',
      method: 'put',
      path: '/api/console/me/notifications',
      tag: 'session',
      summary:
        "How the console tells the caller about new hand-overs and users' replies: desktop " +
        'notification, sound, title badge (each on or off), kept on the technician record.',
      minRole: 'technician',
      body: z.object({ desktop: z.boolean(), sound: z.boolean(), badge: z.boolean() }).strict(),
      example: { desktop: true, sound: true, badge: true },
      responds: '`{ "technician": {...} }`',
      handler: async ({ caller, body }) => {
        const updated = await deps.directory.setNotifications(caller.technician.id, body);
        if (!updated) throw new AppError('NotFound', 'No such technician.');
        return { body: { technician: publicTechnician(updated) } };
      },
    }),
  ];
}

function parseCredential(raw: unknown): { token?: string; ssoToken?: string } {
  // Missing credentials are an authentication failure (401), not a malformed request.
  if (!raw || typeof raw !== 'object' || Object.keys(raw).length === 0) {
    throw new AppError('Unauthorized', 'Give "token" (API token) or "ssoToken" (Teams).');
  }
  return parseBody(loginBody, raw);
}

/** The peer's address: behind a proxy that is the proxy, which then shares one sign-in budget. */
export function clientAddressOf(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}
