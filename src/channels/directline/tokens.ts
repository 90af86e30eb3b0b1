import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { SecretStore } from '../../storage/ports';
import { AppError } from '../../errors';
import type { VerifiedUser } from '../../identity';

const ISSUER = 'firstline';
/** REST tokens and stream tickets get different audiences so one cannot stand in for the other. */
const AUDIENCES = { rest: 'firstline-directline', stream: 'firstline-directline-stream' } as const;
export type TokenKind = keyof typeof AUDIENCES;
const SECRET_NAME = 'directline-token-key';
/**
 * Tokens whose signature was checked, remembered until they expire (every poll presents one), the
 * first checked dropped beyond this many: enough for the conversations whose web chat is open now,
 * not one per conversation of the day. A token dropped is checked again when it comes back.
 */
const VERIFIED_REMEMBERED = 2_000;

export interface TokenClaims {
  conversationId: string;
  userId: string;
  /** Expiry in seconds since the epoch. */
  expiresAt: number;
  /** Which refresh of the conversation's token this is (0: never refreshed); see TokenGenerations. */
  generation: number;
  /** Who the host site said the user is (WEBCHAT_IDENTITY_SECRET), carried from token to token. */
  user?: VerifiedUser;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
  expiresAt: number;
}

/**
 * Signs and checks Direct Line tokens (JWT, HS256). The key comes from configuration or, if none is
 * set, is generated once and kept in the shared database so every instance accepts every token.
 */
export class DirectLineTokens {
  private key?: Promise<Uint8Array>;
  /** A token's claims never change, so its signature is checked once; expiry is checked each time. */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(
    private readonly options: {
      configuredSecret?: string;
      secrets: SecretStore;
      ttlSeconds: number;
      /** What "now" is for issuing and checking expiry; the system clock unless given. */
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  async issue(
    conversationId: string,
    userId: string,
    kind: TokenKind = 'rest',
    expiresAt?: number,
    generation = 0,
    user?: VerifiedUser,
  ): Promise<IssuedToken> {
    const now = Math.floor(this.now().getTime() / 1000);
    const exp = expiresAt ?? now + this.options.ttlSeconds;
    // `conv` and `user` mirror the claims the official client reads from a Direct Line token.
    const claims = { conv: conversationId, user: userId, gen: generation, ...(user ? { vu: user } : {}) };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCES[kind])
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomBytes(9).toString('base64url'))
      .sign(await this.signingKey());
    return { token, expiresIn: Math.max(0, exp - now), expiresAt: exp };
  }

  /** Throws AppError Unauthorized (bad token) or TokenExpired; never says why a signature failed. */
  async verify(token: string, kind: TokenKind = 'rest'): Promise<TokenClaims> {
    const remembered = this.verified.get(`${kind} ${token}`);
    if (remembered && remembered.expiresAt > this.now().getTime() / 1000) return { ...remembered };
    const claims = await this.check(token, kind);
    this.remember(`${kind} ${token}`, claims);
    return { ...claims };
  }

  private remember(key: string, claims: TokenClaims): void {
    this.verified.delete(key);
    this.verified.set(key, claims);
    if (this.verified.size > VERIFIED_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
  }

  private async check(token: string, kind: TokenKind): Promise<TokenClaims> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, await this.signingKey(), {
        issuer: ISSUER,
        audience: AUDIENCES[kind],
        algorithms: ['HS256'],
        currentDate: this.now(),
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new AppError('TokenExpired', 'The token has expired.');
      throw new AppError('Unauthorized', 'The token is not valid.', { cause: err });
    }
    const { conv, user, exp, gen = 0, vu } = payload;
    if (
      typeof conv !== 'string' ||
      typeof user !== 'string' ||
      typeof exp !== 'number' ||
      !Number.isSafeInteger(gen)
    ) {
      throw new AppError('Unauthorized', 'The token is not valid.');
    }
    const verified = vu && typeof vu === 'object' ? (vu as VerifiedUser) : undefined;
    return {
      conversationId: conv,
      userId: user,
      expiresAt: exp,
      generation: gen as number,
      ...(verified ? { user: verified } : {}),
    };
  }

  private signingKey(): Promise<Uint8Array> {
    // A failed load (storage briefly unreachable) is not cached, so the next request tries again.
    this.key ??= this.loadKey().catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  private async loadKey(): Promise<Uint8Array> {
    const secret =
      this.options.configuredSecret ??
      (await this.options.secrets.getOrCreate(SECRET_NAME, () => randomBytes(48).toString('base64url')));
    return new TextEncoder().encode(secret);
  }
}

/** The bearer token of a request, or an Unauthorized error. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new AppError('Unauthorized', 'A Bearer token is required.');
  return match[1];
}
