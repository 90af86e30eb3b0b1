import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyGetKey } from 'jose';

export interface EntraSsoOptions {
  /** JWKS of the Entra ID signing keys (the `common` endpoint serves every tenant's keys). */
  jwksUrl: string;
  /** The bot's app registration id; the tab's token is issued for it. */
  appId: string;
  /** Host of the console (from PUBLIC_URL), part of the `api://<host>/<appId>` audience. */
  host?: string;
  /** Tenants whose users may sign in. Empty: nobody (SSO is effectively off). */
  allowedTenants: readonly string[];
  /** For tests: a key source other than the remote JWKS. */
  keys?: JWTVerifyGetKey;
}

export interface EntraIdentity {
  tenantId: string;
  objectId: string;
  name?: string;
}

export type SsoFailure = 'invalid' | 'expired' | 'tenant-not-allowed';

export class SsoError extends Error {
  constructor(
    readonly reason: SsoFailure,
    detail: string,
  ) {
    super(`Teams SSO token rejected (${reason}): ${detail}`);
    this.name = 'SsoError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates the Entra ID token a Teams tab gets from `authentication.getAuthToken()`: signature
 * against the published keys, audience (our app), issuer (v1 or v2 form for the token's own
 * tenant), an allowed tenant and the lifetime. The issuer depends on the tenant inside the token,
 * so it is checked after the signature rather than passed to jose as a fixed value.
 */
export function createEntraSsoValidator(options: EntraSsoOptions): (token: string) => Promise<EntraIdentity> {
  const keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl));
  const audiences = [options.appId, `api://${options.appId}`];
  if (options.host) audiences.push(`api://${options.host}/${options.appId}`);
  const allowed = new Set(options.allowedTenants.map((t) => t.toLowerCase()));

  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        audience: audiences,
        algorithms: ['RS256'],
        requiredClaims: ['tid', 'oid', 'iss', 'exp'],
        clockTolerance: 60,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new SsoError('expired', err.message);
      throw new SsoError('invalid', err instanceof Error ? err.message : String(err));
    }
    const tid = String(payload.tid);
    const oid = String(payload.oid);
    if (!GUID.test(tid) || !GUID.test(oid)) throw new SsoError('invalid', 'tid/oid are not GUIDs');
    const issuers = [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
    if (!issuers.includes(String(payload.iss))) throw new SsoError('invalid', 'unexpected issuer');
    if (!allowed.has(tid.toLowerCase())) throw new SsoError('tenant-not-allowed', `tenant ${tid}`);
    const name = typeof payload.name === 'string' ? payload.name : undefined;
    return { tenantId: tid, objectId: oid, name };
  };
}

/** Cheap shape test so a bearer value that is a JWT goes to SSO and anything else to API tokens. */
export function looksLikeJwt(value: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);
}
