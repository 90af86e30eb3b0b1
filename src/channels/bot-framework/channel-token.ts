import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../../errors';
import type { Logger } from '../../logging';
import { SigningKeys } from './signing-keys';

/** The Bot Connector service's tokens (Teams, Azure Bot Service channels). */
export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';
export const DEFAULT_CHANNEL_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';
export const DEFAULT_EMULATOR_METADATA_URL =
  'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration';
/** Who signs the Emulator's tokens (the SDK's list for the public cloud). */
const EMULATOR_TOKEN_ISSUERS = new Set([
  'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
  'https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0',
  'https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/',
  'https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0',
  'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
]);
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
/** Real tokens are about 1.5 KB; anything far longer is refused before it is decoded. */
const MAX_TOKEN_CHARS = 8192;
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

export interface ChannelTokenOptions {
  appId: string;
  channelMetadataUrl: string;
  emulatorMetadataUrl: string;
  logger: Logger;
}

/**
 * Checks a Bot Framework bearer token before the SDK sees the request, and fails closed: every
 * problem (no token, a forged or expired one, signing keys unreachable) is 401, never a 500, and
 * reading the keys is cached, failures included.
 */
export class ChannelTokenCheck {
  private readonly channelKeys: SigningKeys;
  private readonly emulatorKeys: SigningKeys;

  constructor(private readonly options: ChannelTokenOptions) {
    this.channelKeys = new SigningKeys(options.channelMetadataUrl, options.logger);
    this.emulatorKeys = new SigningKeys(options.emulatorMetadataUrl, options.logger);
  }

  /** Resolves when the token is valid for this bot and this activity; throws AppError Unauthorized. */
  async verify(authorization: string, activity: { channelId: string; serviceUrl: string }): Promise<void> {
    const reason = await this.problem(authorization, activity).catch(() => 'unreadable token');
    if (reason) throw new AppError('Unauthorized', 'The request is not authenticated.', { internal: reason });
  }

  /** What is wrong with the token, or undefined when nothing is. */
  private async problem(
    authorization: string,
    activity: { channelId: string; serviceUrl: string },
  ): Promise<string | undefined> {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization)?.[1];
    if (!token || token.length > MAX_TOKEN_CHARS) return 'no bearer token of the right shape';
    const header = decodeProtectedHeader(token);
    if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) return 'algorithm not allowed';
    if (typeof header.kid !== 'string' || header.kid === '') return 'no key id';
    const issuer = decodeJwt(token).iss;
    const emulator = typeof issuer === 'string' && EMULATOR_TOKEN_ISSUERS.has(issuer);
    if (issuer !== CHANNEL_TOKEN_ISSUER && !emulator) return 'unknown issuer';
    const keys = emulator ? this.emulatorKeys : this.channelKeys;
    const signingKey = await keys.get(header.kid, header.alg).catch(() => undefined);
    if (!signingKey) return 'unknown or unavailable signing key';
    if (signingKey.endorsements && !signingKey.endorsements.includes(activity.channelId)) {
      return 'the key does not endorse this channel';
    }
    const { payload } = await jwtVerify(token, signingKey.key, {
      issuer,
      algorithms: [header.alg],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
      ...(emulator ? {} : { audience: this.options.appId }),
    });
    return emulator ? this.emulatorProblem(payload) : this.channelProblem(payload, activity.serviceUrl);
  }

  private channelProblem(payload: JWTPayload, serviceUrl: string): string | undefined {
    // The token says where the bot may answer; an activity naming another address is not the channel's.
    if (payload.serviceurl !== serviceUrl) return 'serviceUrl claim does not match';
    return undefined;
  }

  private emulatorProblem(payload: JWTPayload): string | undefined {
    const appId = payload.ver === '2.0' ? payload.azp : payload.appid;
    return appId === this.options.appId ? undefined : 'emulator token for another app';
  }
}
