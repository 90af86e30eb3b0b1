import { startEntraTestIssuer, type EntraTestIssuer } from '../helpers/entra-test-issuer';
import { api, startConsoleHarness, type ConsoleHarness } from '../unit/console/console-harness';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-2222-3333-4444-555555555555';
const OBJECT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const APP_ID = '0f0f0f0f-1111-2222-3333-444444444444';
const AUDIENCE = `api://helpdesk.example.com/${APP_ID}`;

describe('console Teams SSO (local Entra ID stand-in)', () => {
  let issuer: EntraTestIssuer;
  let h: ConsoleHarness;

  beforeAll(async () => {
    issuer = await startEntraTestIssuer({ tenantId: TENANT, objectId: OBJECT, audience: AUDIENCE });
    h = await startConsoleHarness({
      env: {
        MICROSOFT_APP_ID: APP_ID,
        PUBLIC_URL: 'https://helpdesk.example.com',
        CONSOLE_SSO_TENANTS: `${TENANT}`,
        CONSOLE_SSO_JWKS_URL: issuer.jwksUrl,
      },
    });
    await h.addTechnician('lead', { name: 'Teams Lead', aad: { tenantId: TENANT, objectId: OBJECT } });
    // Registered, so only the tenant allow-list can turn this one away.
    await h.addTechnician('lead', { name: 'Guest', aad: { tenantId: OTHER_TENANT, objectId: OBJECT } });
  });
  afterAll(async () => {
    await h.stop();
    await issuer.close();
  });

  const me = (token: string) => api(`${h.url}/api/console/me`, token, 'GET');
  const login = (ssoToken: string) => api(`${h.url}/api/console/login`, undefined, 'POST', { ssoToken });

  it('accepts a valid token as bearer and maps tid+oid to the technician', async () => {
    const res = await me(await issuer.sign());
    expect(res).toMatchObject({
      status: 200,
      body: { via: 'sso', technician: { name: 'Teams Lead', role: 'lead' } },
    });
  });

  it('exchanges a valid token for a Secure session cookie (https PUBLIC_URL)', async () => {
    const res = await fetch(`${h.url}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ssoToken: await issuer.sign() }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
  });

  it('accepts the v1 issuer form and the bare app id as audience', async () => {
    expect((await me(await issuer.sign({ iss: `https://sts.windows.net/${TENANT}/` }))).status).toBe(200);
    expect((await me(await issuer.sign({ aud: APP_ID }))).status).toBe(200);
  });

  it.each([
    ['wrong audience', { aud: 'api://evil.example.com/other-app' }],
    ['wrong issuer', { iss: 'https://login.example.com/evil/v2.0' }],
    ['issuer of another tenant', { iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }],
    ['tenant not allowed', { tid: OTHER_TENANT }],
  ])('rejects a token with %s (401)', async (_name, claims) => {
    const token = await issuer.sign(claims);
    expect(await me(token)).toMatchObject({ status: 401, body: { error: { code: 'Unauthorized' } } });
    expect((await login(token)).status).toBe(401);
  });

  it('rejects an expired token with TokenExpired', async () => {
    const token = await issuer.sign({}, { expiresIn: -600 });
    expect(await me(token)).toMatchObject({ status: 401, body: { error: { code: 'TokenExpired' } } });
  });

  it('rejects a token signed with a key the tenant does not publish', async () => {
    expect((await me(await issuer.signWithForeignKey())).status).toBe(401);
  });

  it('rejects a tampered token', async () => {
    const [header, payload, signature] = (await issuer.sign()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, oid: 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee' }),
    ).toString('base64url');
    expect((await me(`${header}.${forged}.${signature}`)).status).toBe(401);
  });

  it('rejects a valid token of someone who is not a technician', async () => {
    const token = await issuer.sign({ oid: '12345678-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(await me(token)).toMatchObject({ status: 401, body: { error: { code: 'Unauthorized' } } });
  });
});
