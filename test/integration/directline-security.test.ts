import { request } from 'node:http';
import { SignJWT } from 'jose';
import { WebSocket } from 'ws';
import type { TurnContext } from 'botbuilder';
import { call, startDirectLine, waitFor, type RunningDirectLine } from '../helpers/directline-client';
import { createDirectLineTestStorage, type TestStorage } from '../helpers/directline-test-storage';

interface Started {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}
type Activity = Record<string, unknown> & { id: string; text?: string; from: { id: string } };

describe('Direct Line endpoint: authentication, validation and limits', () => {
  let storage: TestStorage;
  let running: RunningDirectLine;
  let turns: string[];

  async function start(env: Record<string, string> = {}) {
    running = await startDirectLine({
      storage: storage.backend,
      env,
      logic: async (context: TurnContext) => {
        if (context.activity.type !== 'message') return;
        turns.push(context.activity.text ?? '');
        await context.sendActivity(`echo: ${context.activity.text}`);
      },
    });
  }

  async function conversation(): Promise<Started> {
    const { status, body } = await call<Started>(`${running.domain}/conversations`, { method: 'POST' });
    expect(status).toBe(201);
    return body;
  }

  const activitiesUrl = (id: string) => `${running.domain}/conversations/${id}/activities`;

  beforeEach(async () => {
    turns = [];
    storage = await createDirectLineTestStorage();
  });

  afterEach(async () => {
    await running.stop();
    await storage.dispose();
  });

  test('refuses a missing, forged or garbled token with 401 JSON', async () => {
    await start();
    const { conversationId, token } = await conversation();
    const [header, payload] = token.split('.');
    const forgedWithOtherKey = await new SignJWT({ conv: conversationId, user: 'dl_me' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('firstline')
      .setAudience('firstline-directline')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('x'.repeat(64)));
    const unsigned = `${header}.${payload}.`;

    for (const bad of [undefined, forgedWithOtherKey, unsigned, 'not-a-jwt']) {
      const response = await call(activitiesUrl(conversationId), { token: bad });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'Unauthorized', message: expect.any(String) } });
    }
  });

  test("refuses another conversation's id with 403", async () => {
    await start();
    const mine = await conversation();
    const theirs = await conversation();
    const read = await call(activitiesUrl(theirs.conversationId), { token: mine.token });
    expect(read.status).toBe(403);
    expect(read.body).toMatchObject({ error: { code: 'Forbidden' } });
    const write = await call(activitiesUrl(theirs.conversationId), {
      method: 'POST',
      token: mine.token,
      body: { type: 'message', text: 'hi' },
    });
    expect(write.status).toBe(403);
    const reconnect = await call(`${running.domain}/conversations/${theirs.conversationId}`, {
      token: mine.token,
    });
    expect(reconnect.status).toBe(403);
    expect(turns).toEqual([]);
  });

  test('an expired token gets 401 TokenExpired, and its stream is closed at expiry', async () => {
    await start({ DIRECTLINE_TOKEN_TTL_SECONDS: '1' });
    const { conversationId, token, streamUrl, expires_in } = await conversation();
    expect(expires_in).toBeLessThanOrEqual(1);
    const socket = new WebSocket(streamUrl);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));

    expect(await closed).toBe(1008);
    const response = await call(activitiesUrl(conversationId), { token });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'TokenExpired' } });
    const refresh = await call(`${running.domain}/tokens/refresh`, { method: 'POST', token });
    expect(refresh.status).toBe(401);
  });

  test('the stream refuses a bad ticket, a REST token as ticket, and another conversation', async () => {
    await start();
    const mine = await conversation();
    const theirs = await conversation();
    const base = mine.streamUrl.split('?')[0] ?? '';
    const attempts: [string, number][] = [
      [`${base}?t=garbage`, 401],
      [`${base}?t=${mine.token}`, 401],
      [`${base}?watermark=0`, 401],
      [mine.streamUrl.replace(mine.conversationId, theirs.conversationId), 403],
    ];
    for (const [url, status] of attempts) {
      const socket = new WebSocket(url);
      const refused = await new Promise<number>((resolve, reject) => {
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => reject(new Error(`stream opened for ${url}`)));
        socket.on('error', () => undefined);
      });
      expect(refused).toBe(status);
    }
  });

  test('sets from.id itself; the client cannot choose its user id', async () => {
    await start();
    const { conversationId, token } = await conversation();
    const userId = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).user as string;
    await call(activitiesUrl(conversationId), {
      method: 'POST',
      token,
      body: {
        type: 'message',
        text: 'hi',
        from: { id: 'admin', role: 'bot' },
        id: 'mine',
        conversation: { id: 'x' },
      },
    });
    const { body } = await call<{ activities: Activity[] }>(activitiesUrl(conversationId), { token });
    const [echo] = body.activities;
    expect(echo?.from).toEqual({ id: userId, role: 'user' });
    expect(echo?.id).toBe(`${conversationId}|0000000`);
    expect(echo?.conversation).toEqual({ id: conversationId });
    expect(echo?.channelId).toBe('directline');
  });

  test('a retried post with the same clientActivityID is processed once and gets the same id', async () => {
    await start();
    const { conversationId, token } = await conversation();
    const post = () =>
      call<{ id: string }>(activitiesUrl(conversationId), {
        method: 'POST',
        token,
        body: { type: 'message', text: 'once', channelData: { clientActivityID: 'retry-1' } },
      });
    const [first, second] = await Promise.all([post(), post()]);
    const third = await post();

    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(third.body.id).toBe(first.body.id);
    expect(turns).toEqual(['once']);
    const { body } = await call<{ activities: Activity[] }>(activitiesUrl(conversationId), { token });
    expect(body.activities.map((a) => a.text)).toEqual(['once', 'echo: once']);
  });

  test('keeps the start of oversized text; refuses a missing type and attachments with JSON errors', async () => {
    await start({ MAX_MESSAGE_CHARS: '10' });
    const { conversationId, token } = await conversation();
    const post = (body: unknown) => call(activitiesUrl(conversationId), { method: 'POST', token, body });

    const long = await post({ type: 'message', text: 'x'.repeat(11) });
    expect(long.status).toBe(200);
    const { body: log } = await call<{ activities: Activity[] }>(activitiesUrl(conversationId), { token });
    expect(log.activities[0]?.text).toBe('x'.repeat(10));
    expect((await post({ type: 'message', text: 'x'.repeat(10) })).status).toBe(200);
    const noType = await post({ text: 'hi' });
    expect(noType.status).toBe(400);
    expect(noType.body).toMatchObject({
      error: { code: 'BadArgument', message: expect.stringContaining('type') },
    });
    const withAttachment = await post({ type: 'message', attachments: [{ contentType: 'image/png' }] });
    expect(withAttachment.status).toBe(415);
    const upload = await fetch(`${running.domain}/conversations/${conversationId}/upload?userId=x`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: new FormData(),
    });
    // Files go through the upload route only; an upload without one is refused.
    expect(upload.status).toBe(400);
    expect(await upload.json()).toMatchObject({
      error: { code: 'BadArgument', message: 'The upload carries no file.' },
    });
    expect(turns).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
  });

  test('limits posts per conversation with 429 and Retry-After', async () => {
    await start({ RATE_LIMIT_MESSAGES_PER_MINUTE: '3' });
    const { conversationId, token } = await conversation();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await call(activitiesUrl(conversationId), {
        method: 'POST',
        token,
        body: { type: 'message', text: `m${i}` },
      });
      statuses.push(response.status);
      retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another conversation has its own budget.
    const other = await conversation();
    const response = await call(activitiesUrl(other.conversationId), {
      method: 'POST',
      token: other.token,
      body: { type: 'message', text: 'ok' },
    });
    expect(response.status).toBe(200);
  });

  test('limits anonymous conversations per client address', async () => {
    running = await startDirectLine({
      storage: storage.backend,
      env: { RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '2' },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(`${running.domain}/tokens/generate`, { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  test('streamUrl follows X-Forwarded-Proto, or PUBLIC_URL when set', async () => {
    await start();
    // fetch() cannot set Host, so this one goes through node:http.
    const proxied = await new Promise<Started>((resolve, reject) => {
      const req = request(
        `${running.domain}/conversations`,
        { method: 'POST', headers: { 'x-forwarded-proto': 'https', host: 'help.example.org' } },
        (res) => {
          let data = '';
          res.on('data', (chunk: Buffer) => (data += chunk.toString()));
          res.on('end', () => resolve(JSON.parse(data) as Started));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(proxied.streamUrl).toMatch(/^wss:\/\/help\.example\.org\/v3\/directline\/conversations\//);
    await running.stop();
    await start({ PUBLIC_URL: 'https://desk.example.com' });
    const configured = await conversation();
    expect(configured.streamUrl).toMatch(/^wss:\/\/desk\.example\.com\/v3\/directline\/conversations\//);
  });

  test('a post answers after the timeout while a slow turn keeps running', async () => {
    let release: () => void = () => undefined;
    running = await startDirectLine({
      storage: storage.backend,
      tuning: { turnResponseTimeoutMs: 100 },
      logic: async (context) => {
        if (context.activity.type !== 'message') return;
        await new Promise<void>((resolve) => (release = resolve));
        await context.sendActivity('late');
      },
    });
    const { conversationId, token } = await conversation();
    const response = await call<{ id: string }>(activitiesUrl(conversationId), {
      method: 'POST',
      token,
      body: { type: 'message', text: 'slow' },
    });
    expect(response.status).toBe(200);
    expect(running.inFlight.size).toBe(1);
    release();
    await waitFor(() => running.inFlight.size === 0, 'the turn to finish');
    const { body } = await call<{ activities: Activity[] }>(activitiesUrl(conversationId), { token });
    expect(body.activities.map((a) => a.text)).toEqual(['slow', 'late']);
  });
});
