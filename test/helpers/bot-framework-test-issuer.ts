import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const TEST_KID = 'firstline-bf-test-key';
/** Channels the published key may sign for (Bot Framework's key endorsements). */
export const ENDORSED_CHANNELS = ['msteams', 'webchat', 'emulator'];

export interface BotFrameworkTestIssuer {
  /** OpenID metadata on 127.0.0.1, shaped like login.botframework.com's. */
  metadataUrl: string;
  /** Requests the issuer has answered (metadata and keys), to prove caching. */
  readonly requests: number;
  /** Answer every request with 503 from now on (a broken issuer), or serve again. */
  setFailing(failing: boolean): void;
  /** Signs a channel token; claims and header fields override the defaults. */
  sign(claims?: Record<string, unknown>, options?: TokenOptions): Promise<string>;
  /** The public key as PEM text, for the classic "HS256 with the public key" forgery. */
  publicKeyPem: string;
  close(): Promise<void>;
}

export interface TokenOptions {
  kid?: string | null;
  /** Sign with a key the issuer does not publish. */
  foreignKey?: boolean;
  omitExpiry?: boolean;
}

/** A local stand-in for the Bot Connector's token issuer: RS256 key pair, metadata and key set. */
export async function startBotFrameworkTestIssuer(defaults: {
  appId: string;
  serviceUrl: string;
}): Promise<BotFrameworkTestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK & { endorsements: string[] } = {
    ...(await exportJWK(publicKey)),
    kid: TEST_KID,
    use: 'sig',
    endorsements: ENDORSED_CHANNELS,
  };
  const spki = await crypto.subtle.exportKey('spki', publicKey);
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----\n`;
  let requests = 0;
  let failing = false;
  let port = 0;
  const server = http.createServer((req, res) => {
    requests++;
    if (failing) {
      res.statusCode = 503;
      res.end();
      return;
    }
    const body = req.url?.endsWith('/keys')
      ? { keys: [jwk] }
      : { issuer: CHANNEL_ISSUER, jwks_uri: `http://127.0.0.1:${port}/v1/keys` };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const sign = async (claims: Record<string, unknown> = {}, options: TokenOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: CHANNEL_ISSUER,
      aud: defaults.appId,
      serviceurl: defaults.serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      ...(options.omitExpiry ? {} : { exp: now + 3600 }),
      ...claims,
    };
    const header: { alg: string; typ: string; kid?: string } = { alg: 'RS256', typ: 'JWT' };
    if (options.kid !== null) header.kid = options.kid ?? TEST_KID;
    const key: CryptoKey = options.foreignKey ? foreign.privateKey : privateKey;
    return new SignJWT(payload).setProtectedHeader(header).sign(key);
  };

  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    get requests() {
      return requests;
    },
    setFailing: (value) => (failing = value),
    sign,
    publicKeyPem,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 nothing listens on: connections to it are refused at once. */
export async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
