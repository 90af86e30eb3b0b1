import http from 'node:http';
import { startApp, type RunningApp } from '../helpers/in-process-app';
import { startCluster, type Cluster } from '../helpers/instances';
import {
  mongoTestsEnabled,
  resolveMongoTarget,
  startMongoTarget,
  type RunningMongo,
} from '../helpers/mongo-target';

/**
 * Issue 12, finding 7 (console part): sign-in is JSON only (a cross-site form cannot plant a
 * session), throttled per client address and per technician in storage, and HSTS is sent in
 * production or behind an https PUBLIC_URL.
 */
const ATTEMPTS = 4;

/** POSTs a sign-in from a chosen loopback address (127.0.0.0/8 all reach a 127.0.0.1 listener). */
function signInFrom(
  url: string,
  localAddress: string,
  body: string,
  contentType = 'application/json',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/console/login`,
      { method: 'POST', localAddress, headers: { 'content-type': contentType } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('console sign-in (real app)', () => {
  let running: RunningApp;
  let token: string;
  let technicianId: string;
  let leadToken: string;

  beforeAll(async () => {
    running = await startApp({ CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: String(ATTEMPTS) });
    const created = await running.app.handoff!.technicians.create({ name: 'Flo', role: 'technician' });
    token = created.token;
    technicianId = created.technician.id;
    leadToken = (await running.app.handoff!.technicians.create({ name: 'Lea', role: 'lead' })).token;
  });
  afterAll(() => running.stop());

  it('refuses form, multipart and text bodies with 415 and sets no cookie, even with a valid token', async () => {
    const attempts = [
      { type: 'application/x-www-form-urlencoded', body: `token=${encodeURIComponent(token)}` },
      {
        type: 'multipart/form-data; boundary=XyZ',
        body: `--XyZ\r\nContent-Disposition: form-data; name="token"\r\n\r\n${token}\r\n--XyZ--\r\n`,
      },
      { type: 'text/plain', body: JSON.stringify({ token }) },
    ];
    for (const [i, attempt] of attempts.entries()) {
      const res = await signInFrom(running.url, `127.0.1.${i + 1}`, attempt.body, attempt.type);
      expect([attempt.type, res.status, res.headers['set-cookie']]).toEqual([attempt.type, 415, undefined]);
      expect(JSON.parse(res.body)).toEqual({
        error: { code: 'UnsupportedMediaType', message: expect.any(String) },
      });
    }
    const ok = await signInFrom(running.url, '127.0.1.9', JSON.stringify({ token }));
    expect(ok.status).toBe(200);
    expect(ok.headers['set-cookie']?.[0]).toMatch(/^firstline_console=/);
  });

  it('limits attempts per client address: wrong tokens, then 429 with Retry-After, also for a right one', async () => {
    const from = '127.0.2.1';
    const statuses: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      statuses.push((await signInFrom(running.url, from, JSON.stringify({ token: `flt_guess${i}` }))).status);
    }
    const refused = await signInFrom(running.url, from, JSON.stringify({ token }));
    expect([...statuses, refused.status]).toEqual([...Array<number>(ATTEMPTS).fill(401), 429]);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['set-cookie']).toBeUndefined();
    // A flood past the budget is refused and audited once a minute, not once per request.
    for (let i = 0; i < 10; i++) {
      expect((await signInFrom(running.url, from, JSON.stringify({ token: 'flt_flood' }))).status).toBe(429);
    }
    const audit = await fetch(`${running.url}/api/console/audit?action=auth.sign-in-failed&limit=500`, {
      headers: { authorization: `Bearer ${leadToken}` },
    });
    const { entries } = (await audit.json()) as {
      entries: { clientAddress?: string; detail?: { reason?: string } }[];
    };
    const throttled = entries.filter(
      (e) => e.clientAddress === from && e.detail?.reason === 'too-many-attempts',
    );
    // One per minute: two if the flood straddled a minute boundary.
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled.length).toBeLessThanOrEqual(2);
    // Another address still has its budget.
    expect((await signInFrom(running.url, '127.0.2.2', JSON.stringify({ token }))).status).toBe(200);
  });

  it('limits sign-ins per technician, whatever address they come from', async () => {
    const { token: own } = await running.app.handoff!.technicians.create({ name: 'Max', role: 'technician' });
    const statuses: number[] = [];
    for (let i = 1; i <= ATTEMPTS + 1; i++) {
      statuses.push((await signInFrom(running.url, `127.0.3.${i}`, JSON.stringify({ token: own }))).status);
    }
    expect(statuses).toEqual([...Array<number>(ATTEMPTS).fill(200), 429]);
  });

  it('audits sign-ins and failures with the reason and address, and never the token', async () => {
    const audit = await fetch(`${running.url}/api/console/audit?subjectId=${technicianId}&limit=50`, {
      headers: { authorization: `Bearer ${leadToken}` },
    });
    expect(audit.status).toBe(200);
    const text = await audit.text();
    const { entries } = JSON.parse(text) as { entries: { action: string; clientAddress?: string }[] };
    expect(entries.filter((e) => e.action === 'auth.sign-in').map((e) => e.clientAddress)).toEqual(
      expect.arrayContaining(['127.0.1.9', '127.0.2.2']),
    );
    const failures = await fetch(`${running.url}/api/console/audit?action=auth.sign-in-failed&limit=100`, {
      headers: { authorization: `Bearer ${leadToken}` },
    });
    const failed = (await failures.json()) as { entries: { detail?: { reason?: string } }[] };
    expect(failed.entries.map((e) => e.detail?.reason)).toEqual(
      expect.arrayContaining(['not-json', 'Unauthorized', 'too-many-attempts', 'too-many-sign-ins']),
    );
    expect(text + JSON.stringify(failed)).not.toContain(token);
    expect(JSON.stringify(failed)).not.toContain('flt_guess');
    // Pages of 3 with `next` as the cursor walk the same entries as one big page.
    const get = async (query: string) => {
      const r = await fetch(`${running.url}/api/console/audit?${query}`, {
        headers: { authorization: `Bearer ${leadToken}` },
      });
      return (await r.json()) as { entries: { id: string }[]; next?: string };
    };
    const whole = await get('limit=500');
    const paged: string[] = [];
    for (let page = await get('limit=3'); ; page = await get(`limit=3&cursor=${page.next}`)) {
      paged.push(...page.entries.map((e) => e.id));
      if (!page.next) break;
    }
    expect(paged).toEqual(whole.entries.map((e) => e.id));
    const badCursor = await fetch(`${running.url}/api/console/audit?cursor=nonsense`, {
      headers: { authorization: `Bearer ${leadToken}` },
    });
    expect(badCursor.status).toBe(400);
    // Technicians cannot read the audit log.
    const denied = await fetch(`${running.url}/api/console/audit`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(denied.status).toBe(403);
  });

  it('sends no HSTS over plain http in development', async () => {
    const res = await fetch(`${running.url}/healthz`);
    await res.body?.cancel();
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('HSTS', () => {
  it.each([
    ['an https PUBLIC_URL', { PUBLIC_URL: 'https://helpdesk.example.com' }],
    [
      'NODE_ENV=production',
      {
        NODE_ENV: 'production',
        MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
        MICROSOFT_APP_PASSWORD: 'not-a-real-password',
        DIRECTLINE_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      },
    ],
  ])('is sent on every response with %s', async (_, env) => {
    const running = await startApp(env);
    try {
      for (const path of ['/healthz', '/console', '/api/console/me']) {
        const res = await fetch(`${running.url}${path}`);
        await res.body?.cancel();
        expect([path, res.headers.get('strict-transport-security')]).toEqual([
          path,
          'max-age=31536000; includeSubDomains',
        ]);
      }
    } finally {
      await running.stop();
    }
  });
});

const target = resolveMongoTarget();
const SUITE = 'console-login-instances';

if (mongoTestsEnabled(target, SUITE)) {
  describe(`sign-in budget shared by two instances (${target.kind === 'uri' ? 'MONGODB_URI' : 'FerretDB'})`, () => {
    let mongo: RunningMongo;
    let cluster: Cluster;

    beforeAll(async () => {
      mongo = await startMongoTarget(target);
      cluster = await startCluster(2, {
        mongoUri: mongo.uri,
        env: { CONSOLE_LOGIN_ATTEMPTS_PER_MINUTE: String(ATTEMPTS) },
      });
    }, 90_000);
    afterAll(async () => {
      await cluster?.dispose();
      await mongo?.stop();
    });

    it('counts attempts from one address on A and B together', async () => {
      const [a, b] = cluster.instances.map((i) => i.url) as [string, string];
      const statuses: number[] = [];
      for (let i = 0; i < 2 * ATTEMPTS; i++) {
        const res = await signInFrom(i % 2 ? b : a, '127.0.4.1', JSON.stringify({ token: `flt_guess${i}` }));
        statuses.push(res.status);
      }
      expect(statuses).toEqual([...Array<number>(ATTEMPTS).fill(401), ...Array<number>(ATTEMPTS).fill(429)]);
    }, 60_000);
  });
}
