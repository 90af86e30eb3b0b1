import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { AppError } from '../errors';
import { parseEmailAddress } from './email-address';
import type { VerifiedUser } from './verified-user';

/** Host tokens are meant to be signed for each page view; anything valid longer is refused. */
export const MAX_HOST_TOKEN_LIFETIME_SECONDS = 3600;
const MAX_TOKEN_CHARS = 4096;
const MAX_SUBJECT_CHARS = 256;
const MAX_NAME_CHARS = 200;
/** Clocks of the host site and FirstLine may differ a little. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Checks the identity token a host site signs for its signed-in user (HS256 with
 * WEBCHAT_IDENTITY_SECRET: `sub`, optional `name` and `email`, `exp` at most an hour ahead). Any
 * other algorithm (`none` included), a wrong signature, an expired or long-lived token, or a claim of
 * the wrong shape is refused with 401: a token that was given but does not hold is never ignored.
 */
export class HostIdentityVerifier {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: unknown): Promise<VerifiedUser> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_CHARS) {
      throw new AppError('BadArgument', 'The identity token must be a string of at most 4096 characters.');
    }
    const payload = await this.checkSignature(token);
    const now = Math.floor(this.clock().getTime() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp - now > MAX_HOST_TOKEN_LIFETIME_SECONDS) {
      throw refused('The identity token must expire within an hour.');
    }
    return claimsOf(payload);
  }

  private async checkSignature(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
        currentDate: this.clock(),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        throw new AppError('TokenExpired', 'The identity token has expired.', { cause: err });
      }
      throw refused('The identity token is not valid.', err);
    }
  }
}

function claimsOf(payload: JWTPayload): VerifiedUser {
  const { sub, name, email } = payload;
  if (typeof sub !== 'string' || sub.trim() === '' || sub.length > MAX_SUBJECT_CHARS) {
    throw refused('The identity token names no valid user (sub).');
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_CHARS)) {
    throw refused('The identity token has an invalid name.');
  }
  const address = email === undefined ? undefined : typeof email === 'string' ? parseEmailAddress(email) : '';
  if (address === '' || (email !== undefined && address === undefined)) {
    throw refused('The identity token has an invalid email.');
  }
  const trimmedName = typeof name === 'string' ? name.replace(/\s+/g, ' ').trim() : '';
  return {
    subject: sub,
    ...(trimmedName ? { name: trimmedName } : {}),
    ...(address ? { email: address } : {}),
  };
}

function refused(message: string, cause?: unknown): AppError {
  return new AppError('Unauthorized', message, cause === undefined ? {} : { cause });
}
