import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { call } from '../helpers/directline-client';
import { startApp, type RunningApp } from '../helpers/in-process-app';

// Issue 12, findings 5 and 6: client channelData was stored as sent (up to 256 KB), typing was
// stored, one conversation at the message limit grew storage by 11.9 MB/min; channelData nested
// 5,000 levels deep gave 500 (RangeError in JSON.stringify).

interface Started {
  conversationId: string;
  token: string;
}

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
/** The body as raw text: JSON.stringify itself cannot write 5,000 levels. */
const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('stored activity fields are bounded and deep JSON is refused before anything serialises it', () => {
  let running: RunningApp;
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    running = await startApp({ RATE_LIMIT_MESSAGES_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  const dl = (path: string) => `${running.url}/v3/directline${path}`;
  async function conversation(): Promise<Started> {
    return (await call<Started>(dl('/conversations'), { method: 'POST' })).body;
  }
  async function storedLog(conversationId: string) {
    return (await running.app.storage.directLine.listActivities(conversationId, 0, 10_000)).map(
      (r) => r.activity,
    );
  }

  test('a message with 200 KB of channelData is stored in under 2 KB, keeping what Web Chat needs', async () => {
    const { conversationId, token } = await conversation();
    const posted = await call<{ id: string }>(dl(`/conversations/${conversationId}/activities`), {
      method: 'POST',
      token,
      body: {
        type: 'message',
        text: 'my printer is jammed',
        channelData: { clientActivityID: 'c-1', junk: 'x'.repeat(200 * 1024), more: { deep: [1, 2, 3] } },
      },
    });
    expect(posted.status).toBe(200);
    const mine = (await storedLog(conversationId)).find((a) => a.id === posted.body.id);
    expect(mine?.channelData).toEqual({ clientActivityID: 'c-1' });
    expect(JSON.stringify(mine).length).toBeLessThan(2048);
  });

  test('storage grows by a few KB per message at the message limit, not by the body size', async () => {
    const { conversationId, token } = await conversation();
    const before = JSON.stringify(await storedLog(conversationId)).length;
    const messages = 30;
    for (let i = 0; i < messages; i++) {
      const res = await call(dl(`/conversations/${conversationId}/activities`), {
        method: 'POST',
        token,
        body: { type: 'message', text: `message ${i}`, channelData: { pad: 'y'.repeat(240 * 1024) } },
      });
      expect(res.status).toBe(200);
    }
    const grown = JSON.stringify(await storedLog(conversationId)).length - before;
    // 30 bodies of 240 KB each (7 MB) were sent; what is kept is the text and the bot's answers.
    expect(grown / messages).toBeLessThan(4 * 1024);
  });

  test('typing from the client is never written to the log', async () => {
    const { conversationId, token } = await conversation();
    for (let i = 0; i < 20; i++) {
      const res = await call(dl(`/conversations/${conversationId}/activities`), {
        method: 'POST',
        token,
        body: { type: 'typing' },
      });
      expect(res.status).toBe(200);
    }
    await call(dl(`/conversations/${conversationId}/activities`), {
      method: 'POST',
      token,
      body: { type: 'message', text: 'hello' },
    });
    const log = await storedLog(conversationId);
    expect(log.filter((a) => a.type === 'typing')).toEqual([]);
    expect(log.some((a) => a.type === 'message')).toBe(true);
    const polled = await call<{ activities: { type: string }[] }>(
      dl(`/conversations/${conversationId}/activities`),
      {
        token,
      },
    );
    expect(polled.body.activities.filter((a) => a.type === 'typing')).toEqual([]);
  });

  test.each([
    ['value over 8 KB', { type: 'message', value: { text: 'z'.repeat(9000) } }, 413, 'PayloadTooLarge'],
    ['value nested 9 levels', { type: 'message', value: nested(9) }, 400, 'BadArgument'],
    [
      'an entity over 2 KB',
      { type: 'message', entities: [{ type: 'x', pad: 'p'.repeat(3000) }] },
      413,
      'PayloadTooLarge',
    ],
    ['a conversationUpdate from the client', { type: 'conversationUpdate' }, 400, 'BadArgument'],
  ])('Direct Line refuses %s with a clear error', async (_name, body, status, code) => {
    const { conversationId, token } = await conversation();
    const res = await call(dl(`/conversations/${conversationId}/activities`), {
      method: 'POST',
      token,
      body,
    });
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
    const fromUser = (await storedLog(conversationId)).filter(
      (a) => (a.from as { role?: string } | undefined)?.role === 'user',
    );
    expect(fromUser).toEqual([]);
  });

  test.each([
    ['channelData', { channelData: { pad: 'c'.repeat(20_000) } }, 413],
    ['value', { value: nested(11) }, 400],
    ['attachments', { attachments: [{ contentType: 'text/html', content: 'h'.repeat(70_000) }] }, 413],
    ['entities', { entities: Array.from({ length: 40 }, () => ({ type: 'mention' })) }, 400],
  ])('/api/messages refuses oversized %s with a clear error', async (_field, overrides, status) => {
    const res = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(connectorActivity(serviceUrl, overrides)),
    });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(
      /PayloadTooLarge|BadArgument/,
    );
  });

  test('JSON nested 5,000 levels gets 400 on every endpoint that takes JSON, and the server stays healthy', async () => {
    const { conversationId, token } = await conversation();
    const deepActivity = (extra: string) =>
      `{"type":"message","text":"hi",${extra},"channelData":${deepJson(5000)}}`;
    const targets: [string, string, Record<string, string>][] = [
      [
        dl(`/conversations/${conversationId}/activities`),
        deepActivity('"x":1'),
        { authorization: `Bearer ${token}` },
      ],
      [
        `${running.url}/api/messages`,
        JSON.stringify(connectorActivity(serviceUrl)).replace(/}$/, `,"channelData":${deepJson(5000)}}`),
        {},
      ],
      [`${running.url}/api/webchat/token`, deepJson(5000), {}],
      [`${running.url}/api/console/login`, `{"token":${deepJson(5000)}}`, {}],
      [dl('/tokens/refresh'), deepJson(5000), { authorization: `Bearer ${token}` }],
      [dl('/conversations'), deepJson(5000), {}],
    ];
    for (const [url, body, headers] of targets) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      expect([url, res.status]).toEqual([url, 400]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadArgument');
    }
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  // Found by test/integration/fuzz-activities.test.ts: each of these was a 5xx.
  test('keys that reach or shadow Object.prototype are refused with 400, not a 500 in the SDK', async () => {
    const { conversationId, token } = await conversation();
    for (const key of ['toString', 'valueOf', '__proto__', 'constructor']) {
      const activity = `{"type":"message","text":"hi","from":{"id":"u","${key}":{"x":1}}}`;
      const dlRes = await fetch(dl(`/conversations/${conversationId}/activities`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: activity,
      });
      expect([key, dlRes.status]).toEqual([key, 400]);
      const bf = JSON.stringify(connectorActivity(serviceUrl)).replace(/}$/, `,"value":{"${key}":{"x":1}}}`);
      const bfRes = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bf,
      });
      expect([key, bfRes.status]).toEqual([key, 400]);
    }
  });

  test('a multipart body the parser cannot read is a 4xx on every route', async () => {
    const { conversationId, token } = await conversation();
    for (const url of [
      dl(`/conversations/${conversationId}/activities`),
      `${running.url}/api/webchat/token`,
    ]) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', authorization: `Bearer ${token}` },
        body: '{"type":"message"}',
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  test('an invoke the bot does not handle is a 400, not 501', async () => {
    const res = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        connectorActivity(serviceUrl, { type: 'invoke', name: 'no/such-invoke', text: undefined }),
      ),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadArgument');
  });
});
