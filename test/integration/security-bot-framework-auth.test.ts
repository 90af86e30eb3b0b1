import { SignJWT } from 'jose';
import { createLogger } from '../../src/logging';
import { connectorActivity } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import {
  closedPort,
  startBotFrameworkTestIssuer,
  TEST_KID,
  type BotFrameworkTestIssuer,
} from '../helpers/bot-framework-test-issuer';

// Issue 12, finding 6: with Microsoft's OpenID metadata unreachable, 12 of 21 forged Bot Framework
// tokens got 500 (a lookup per request, a stack trace each time). Every kind below must get 401,
// with the metadata unreachable and with a reachable issuer, and a valid token must still pass.

const APP_ID = '00000000-0000-0000-0000-0000000000a1';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

interface ForgedCase {
  authorization?: string;
  /** The activity's channel, when the case is about the key's endorsements. */
  channelId?: string;
}

/** At least 20 kinds of bad Bot Framework token, each built from a signer of the issuer's shape. */
function forgedTokens(issuer: BotFrameworkTestIssuer): [string, () => Promise<ForgedCase>][] {
  const bearer = async (token: string | Promise<string>) => ({ authorization: `Bearer ${await token}` });
  const now = () => Math.floor(Date.now() / 1000);
  return [
    ['no Authorization header', async () => ({})],
    ['an empty bearer', async () => ({ authorization: 'Bearer ' })],
    ['the Basic scheme', async () => ({ authorization: 'Basic dXNlcjpwYXNzd29yZA==' })],
    ['garbage base64', async () => ({ authorization: 'Bearer %%%.$$$.@@@' })],
    ['not a JWT at all', async () => ({ authorization: 'Bearer not-a-jwt' })],
    ['a truncated token', async () => bearer((await issuer.sign()).slice(0, -12))],
    ['two segments only', async () => bearer((await issuer.sign()).split('.').slice(0, 2).join('.'))],
    [
      'alg none',
      async () =>
        bearer(`${b64({ alg: 'none', typ: 'JWT', kid: TEST_KID })}.${(await issuer.sign()).split('.')[1]}.`),
    ],
    [
      'HS256 signed with the public key',
      async () =>
        bearer(
          new SignJWT({ aud: APP_ID, serviceurl: SERVICE_URL })
            .setProtectedHeader({ alg: 'HS256', kid: TEST_KID })
            .setIssuer('https://api.botframework.com')
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode(issuer.publicKeyPem)),
        ),
    ],
    ['expired an hour ago', async () => bearer(issuer.sign({ exp: now() - 3600, nbf: now() - 7200 }))],
    ['not valid for another hour', async () => bearer(issuer.sign({ nbf: now() + 3600 }))],
    ['a wrong issuer', async () => bearer(issuer.sign({ iss: 'https://login.attacker.example' }))],
    [
      "an Emulator issuer with another app's id",
      async () => bearer(issuer.sign({ iss: EMULATOR_ISSUER, ver: '1.0', appid: 'someone-else' })),
    ],
    ['a wrong audience', async () => bearer(issuer.sign({ aud: 'another-bot' }))],
    ['an unknown key id', async () => bearer(issuer.sign({}, { kid: 'not-published' }))],
    ['no key id', async () => bearer(issuer.sign({}, { kid: null }))],
    ['a foreign key under the published key id', async () => bearer(issuer.sign({}, { foreignKey: true }))],
    [
      'a wrong serviceUrl claim',
      async () => bearer(issuer.sign({ serviceurl: 'https://attacker.example/' })),
    ],
    ['no serviceUrl claim', async () => bearer(issuer.sign({ serviceurl: undefined }))],
    ['no expiry', async () => bearer(issuer.sign({}, { omitExpiry: true }))],
    ['a huge token (9 KB)', async () => bearer(issuer.sign({ pad: 'x'.repeat(7_000) }))],
    [
      'a payload that is not JSON',
      async () => {
        const [header, , signature] = (await issuer.sign()).split('.');
        return bearer(`${header}.${b64('not json')}.${signature}`);
      },
    ],
    [
      "another token's signature",
      async () => {
        const [header, payload] = (await issuer.sign({ aud: 'another-bot' })).split('.');
        return bearer(`${header}.${payload}.${(await issuer.sign()).split('.')[2]}`);
      },
    ],
    [
      'a key not endorsed for the channel',
      async () => ({ ...(await bearer(issuer.sign())), channelId: 'attacker-channel' }),
    ],
    ['a five-part (JWE-shaped) token', async () => bearer(`${await issuer.sign()}.AAAA.BBBB`)],
  ];
}

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

async function postActivity(
  running: RunningApp,
  forged: ForgedCase,
  overrides: Record<string, unknown> = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (forged.authorization !== undefined) headers.authorization = forged.authorization;
  const activity = connectorActivity(SERVICE_URL, {
    ...(forged.channelId ? { channelId: forged.channelId } : {}),
    ...overrides,
  });
  const response = await fetch(`${running.url}/api/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify(activity),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
  };
}

describe('POST /api/messages refuses forged Bot Framework tokens with 401, failing closed', () => {
  let issuer: BotFrameworkTestIssuer;
  let cases: [string, () => Promise<ForgedCase>][];

  beforeAll(async () => {
    issuer = await startBotFrameworkTestIssuer({ appId: APP_ID, serviceUrl: SERVICE_URL });
    cases = forgedTokens(issuer);
  });
  afterAll(() => issuer.close());

  test('the table has at least 20 kinds of token', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  describe('with the OpenID metadata unreachable (a closed local port)', () => {
    let running: RunningApp;
    let logs: Record<string, unknown>[];

    beforeAll(async () => {
      const port = await closedPort();
      const unreachable = `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
      const { logger, lines } = capturingLogger();
      logs = lines;
      running = await startApp(
        {
          MICROSOFT_APP_ID: APP_ID,
          MICROSOFT_APP_PASSWORD: 'test-password-not-used',
          BOT_OPENID_METADATA_URL: unreachable,
          BOT_EMULATOR_OPENID_METADATA_URL: unreachable,
        },
        logger,
      );
    });
    afterAll(() => running.stop());

    test('every kind gets 401 JSON, and so does a genuine-looking token', async () => {
      const results: [string, number, unknown][] = [];
      for (const [name, build] of [
        ...cases,
        ['a well-formed token', async () => ({ authorization: `Bearer ${await issuer.sign()}` })] as const,
      ]) {
        const { status, body } = await postActivity(running, await build());
        results.push([name, status, (body.error as { code?: string } | undefined)?.code]);
      }
      expect(results.filter(([, status, code]) => status !== 401 || code !== 'Unauthorized')).toEqual([]);
    });

    test('the server logged one short line per unreachable document, and no stack traces', () => {
      const keyFailures = logs.filter((l) => String(l.msg).includes('signing keys unavailable'));
      expect(keyFailures.length).toBeGreaterThanOrEqual(1);
      expect(keyFailures.length).toBeLessThanOrEqual(2); // channel and Emulator metadata
      expect(logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
      expect(JSON.stringify(logs)).not.toMatch(/\n\s+at /);
    });
  });

  describe('with a reachable issuer', () => {
    let running: RunningApp;

    beforeAll(async () => {
      running = await startApp({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'test-password-not-used',
        BOT_OPENID_METADATA_URL: issuer.metadataUrl,
        BOT_EMULATOR_OPENID_METADATA_URL: issuer.metadataUrl,
      });
    });
    afterAll(() => running.stop());

    test('every kind gets 401 JSON', async () => {
      const results: [string, number, unknown][] = [];
      for (const [name, build] of cases) {
        const { status, body } = await postActivity(running, await build());
        results.push([name, status, (body.error as { code?: string } | undefined)?.code]);
      }
      expect(results.filter(([, status, code]) => status !== 401 || code !== 'Unauthorized')).toEqual([]);
    });

    test('a valid token passes (so the table above is not refusing everything)', async () => {
      const valid = { authorization: `Bearer ${await issuer.sign()}` };
      // Typing needs no answer, so the turn does not try to reach the Bot Connector.
      const { status } = await postActivity(running, valid, { type: 'typing', text: undefined });
      expect(status).toBe(200);
    });

    test('forged key ids cause no lookups: the key set is read once, not once per request', async () => {
      const before = issuer.requests;
      for (let i = 0; i < 25; i++) {
        const token = await issuer.sign({}, { kid: `forged-${i}` });
        expect((await postActivity(running, { authorization: `Bearer ${token}` })).status).toBe(401);
      }
      expect(issuer.requests - before).toBe(0);
    });
  });

  describe('with an issuer that fails', () => {
    let running: RunningApp;
    let failing: BotFrameworkTestIssuer;

    beforeAll(async () => {
      failing = await startBotFrameworkTestIssuer({ appId: APP_ID, serviceUrl: SERVICE_URL });
      failing.setFailing(true);
      running = await startApp({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'test-password-not-used',
        BOT_OPENID_METADATA_URL: failing.metadataUrl,
        BOT_EMULATOR_OPENID_METADATA_URL: failing.metadataUrl,
      });
    });
    afterAll(async () => {
      await running.stop();
      await failing.close();
    });

    test('21 requests cause one metadata request, not 21', async () => {
      for (let i = 0; i < 21; i++) {
        const token = await failing.sign();
        expect((await postActivity(running, { authorization: `Bearer ${token}` })).status).toBe(401);
      }
      expect(failing.requests).toBe(1);
    });
  });
});
