import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface EntraTestIssuer {
  /** JWKS endpoint on 127.0.0.1, serving the public key like login.microsoftonline.com does. */
  jwksUrl: string;
  /** Signs a token shaped like the one Teams' getAuthToken() returns; claims override defaults. */
  sign(claims?: Record<string, unknown>, options?: SignOptions): Promise<string>;
  /** Signs with a key the JWKS does not publish (under the published key id). */
  signWithForeignKey(claims?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export interface SignOptions {
  /** Seconds from now; negative for an expired token. Default 3600. */
  expiresIn?: number;
}

export interface IssuerDefaults {
  tenantId: string;
  objectId: string;
  audience: string;
}

const KID = 'firstline-test-key';

/** A local stand-in for Entra ID: an RS256 key pair, a JWKS server and a token signer. */
export async function startEntraTestIssuer(defaults: IssuerDefaults): Promise<EntraTestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const signWith = async (key: CryptoKey, claims: Record<string, unknown>, options: SignOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const tid = (claims.tid as string | undefined) ?? defaults.tenantId;
    const payload = {
      tid,
      oid: defaults.objectId,
      name: 'Test Technician',
      ver: '2.0',
      iss: `https://login.microsoftonline.com/${tid}/v2.0`,
      aud: defaults.audience,
      ...claims,
    };
    const exp = now + (options.expiresIn ?? 3600);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuedAt(Math.min(now, exp - 60))
      .setNotBefore(Math.min(now, exp - 60))
      .setExpirationTime(exp)
      .sign(key);
  };

  return {
    jwksUrl: `http://127.0.0.1:${port}/common/discovery/v2.0/keys`,
    sign: (claims = {}, options) => signWith(privateKey, claims, options),
    signWithForeignKey: (claims = {}) => signWith(foreign.privateKey, claims),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
