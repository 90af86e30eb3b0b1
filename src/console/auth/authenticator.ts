import type { Request } from 'restify';
import { AppError } from '../../errors';
import type { Logger } from '../../logging';
import { isActive, tokenVersionOf, type ConsoleTechnicianDirectory, type Technician } from '../api/ports';
import { looksLikeJwt, SsoError, type EntraIdentity } from './entra-sso';
import { sameSecret, type ConsoleSession, type SessionStore } from './session-store';

export const SESSION_COOKIE = 'firstline_console';
export const CSRF_HEADER = 'x-firstline-csrf';

export interface Caller {
  technician: Technician;
  via: 'token' | 'sso' | 'session' | 'admin-token';
  session?: ConsoleSession;
}

export interface AuthenticatorDeps {
  directory: ConsoleTechnicianDirectory;
  sessions: SessionStore;
  /** Absent when Teams SSO is not configured (no app id or no allowed tenant). */
  validateSso?: (token: string) => Promise<EntraIdentity>;
  logger: Logger;
  /** ADMIN_TOKEN: accepted, as the admin role, only by routes that say so (`acceptsAdminToken`). */
  adminToken?: string;
}

/** The caller behind ADMIN_TOKEN: no technician record, the admin role. */
const ADMIN_TOKEN_TECHNICIAN: Technician = {
  id: 'admin-token',
  version: 0,
  name: 'ADMIN_TOKEN',
  role: 'admin',
  tokenHash: '',
  skills: [],
  languages: [],
  availability: 'offline',
  createdAt: '1970-01-01T00:00:00.000Z',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: a bearer API token, a bearer Teams SSO token (the console inside Teams, where
 * the iframe gets no SameSite=Strict cookie) or the session cookie of the browser console.
 * Cookie requests that change state must echo the session's CSRF value in a header.
 */
export class ConsoleAuthenticator {
  constructor(private readonly deps: AuthenticatorDeps) {}

  async identify(req: Request): Promise<Caller> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '')?.[1];
    if (bearer) return this.fromBearer(bearer);
    const cookie = readCookie(req.header('cookie') ?? '', SESSION_COOKIE);
    if (cookie) return this.fromCookie(req, cookie);
    throw unauthorized('Sign in: send "Authorization: Bearer <token>" or use the console login.');
  }

  /** The admin-token caller when the request's bearer is ADMIN_TOKEN (compared in constant time). */
  adminTokenCaller(req: Request): Caller | undefined {
    const expected = this.deps.adminToken;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.header('authorization') ?? '')?.[1];
    if (!expected || !bearer || !sameSecret(bearer, expected)) return undefined;
    return { technician: ADMIN_TOKEN_TECHNICIAN, via: 'admin-token' };
  }

  /** Exchanges an API token or a Teams SSO token for a technician (login and bearer calls). */
  async technicianFor(credential: { token?: string; ssoToken?: string }): Promise<Caller> {
    if (credential.ssoToken) return this.fromSso(credential.ssoToken);
    if (credential.token) return this.fromBearer(credential.token);
    throw unauthorized('Give "token" or "ssoToken".');
  }

  /**
   * The caller's technician as stored now, when what let them in still holds: same token version
   * (no rotation, no ended sessions), still active, the same role, and for a cookie the session
   * still stored. Undefined otherwise. Live feeds ask this before every batch of events and on a
   * timer, so a revoked or demoted technician's open stream ends.
   */
  async stillValid(caller: Caller): Promise<Technician | undefined> {
    const [technician, session] = await Promise.all([
      this.deps.directory.get(caller.technician.id),
      caller.session ? this.deps.sessions.byId(caller.session.id) : undefined,
    ]);
    if (!technician || !isActive(technician)) return undefined;
    if (tokenVersionOf(technician) !== tokenVersionOf(caller.technician)) return undefined;
    if (technician.role !== caller.technician.role) return undefined;
    if (caller.session && !session) return undefined;
    return technician;
  }

  private async fromBearer(token: string): Promise<Caller> {
    if (looksLikeJwt(token)) return this.fromSso(token);
    const technician = await this.deps.directory.authenticate(token);
    if (!technician) throw unauthorized('The token is not valid.');
    return { technician: active(technician), via: 'token' };
  }

  private async fromSso(token: string): Promise<Caller> {
    if (!this.deps.validateSso) throw unauthorized('Teams sign-in is not configured on this server.');
    let identity: EntraIdentity;
    try {
      identity = await this.deps.validateSso(token);
    } catch (err) {
      if (!(err instanceof SsoError)) throw err;
      this.deps.logger.info({ reason: err.reason, detail: err.message }, 'console SSO token rejected');
      if (err.reason === 'expired') throw new AppError('TokenExpired', 'The Teams token has expired.');
      throw unauthorized('The Teams token is not valid for this console.');
    }
    const technician = await this.deps.directory.findByAad(identity.tenantId, identity.objectId);
    if (!technician) {
      this.deps.logger.info({ tenantId: identity.tenantId }, 'SSO user is not a technician');
      throw unauthorized('Your account is not registered as a technician.');
    }
    return { technician: active(technician), via: 'sso' };
  }

  private async fromCookie(req: Request, cookie: string): Promise<Caller> {
    const session = await this.deps.sessions.find(cookie);
    if (!session) throw unauthorized('The session has ended; sign in again.');
    const technician = await this.deps.directory.get(session.technicianId);
    // A rotated token, ended sessions or a disabled account end the session on every instance.
    if (!technician || !isActive(technician) || tokenVersionOf(technician) !== (session.tokenVersion ?? 0)) {
      await this.deps.sessions.deleteById(session.id);
      throw unauthorized('The session has ended; sign in again.');
    }
    if (!SAFE_METHODS.has(req.method ?? 'GET')) {
      const given = req.header(CSRF_HEADER) ?? '';
      if (!given || !sameSecret(given, session.csrf)) {
        throw new AppError('Forbidden', `Send the ${CSRF_HEADER} header given at login.`);
      }
    }
    return { technician, via: 'session', session };
  }
}

function active(technician: Technician): Technician {
  if (!isActive(technician)) throw unauthorized('This technician account is disabled.');
  return technician;
}

function unauthorized(message: string): AppError {
  return new AppError('Unauthorized', message);
}

export function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  const attributes = [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}
