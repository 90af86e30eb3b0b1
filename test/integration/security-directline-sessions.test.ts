import { WebSocket } from 'ws';
import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { call } from '../helpers/directline-client';
import { startApp, type RunningApp } from '../helpers/in-process-app';

// Issue 12, finding 7 (channel parts): Direct Line refresh was unlimited and old tokens stayed
// valid; one token could open 1,000 WebSockets; in NODE_ENV=test an unauthenticated /api/messages
// made the server POST to an attacker-chosen serviceUrl.

interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}

describe('Direct Line sessions and the unauthenticated Bot Framework endpoint', () => {
  let running: RunningApp;
  let now = Date.parse('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    running = await startApp({}, undefined, () => new Date(now));
  });
  afterAll(() => running.stop());

  const dl = (path: string) => `${running.url}/v3/directline${path}`;
  const conversation = async () => (await call<Started>(dl('/conversations'), { method: 'POST' })).body;
  const refresh = (token: string) =>
    call<{ token: string }>(dl('/tokens/refresh'), { method: 'POST', token });
  const read = (id: string, token: string) => call(dl(`/conversations/${id}/activities`), { token });

  test('a refreshed token supersedes the old one: a token two refreshes old is refused', async () => {
    const { conversationId, token: first } = await conversation();
    const second = (await refresh(first)).body.token;
    // Within the grace the first still reads (requests already on their way), but cannot refresh again.
    expect((await read(conversationId, first)).status).toBe(200);
    expect((await refresh(first)).status).toBe(401);
    const third = (await refresh(second)).body.token;
    expect((await read(conversationId, first)).status).toBe(401);
    expect((await read(conversationId, second)).status).toBe(200);
    expect((await read(conversationId, third)).status).toBe(200);
  });

  test('the token a refresh replaced stops working when the 60 s grace has passed', async () => {
    const { conversationId, token: first } = await conversation();
    const second = (await refresh(first)).body.token;
    now += 59_000;
    expect((await read(conversationId, first)).status).toBe(200);
    now += 1_000;
    expect((await read(conversationId, first)).status).toBe(401);
    expect((await read(conversationId, second)).status).toBe(200);
  });

  test('refresh is rate-limited per conversation', async () => {
    let { token } = await conversation();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await refresh(token);
      statuses.push(res.status);
      if (res.status === 200) token = res.body.token;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  test('one conversation can open 8 streams at once, not 1,000', async () => {
    const { streamUrl } = await conversation();
    const attempts = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<{ status: number; socket?: WebSocket }>((resolve) => {
            const socket = new WebSocket(streamUrl);
            socket.once('open', () => resolve({ status: 101, socket }));
            socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
            socket.once('error', () => resolve({ status: -1 }));
          }),
      ),
    );
    const open = attempts.filter((a) => a.status === 101);
    expect(open).toHaveLength(8);
    expect(attempts.filter((a) => a.status === 429)).toHaveLength(22);
    // Closing one frees its place.
    await new Promise<void>((resolve) => {
      open[0]?.socket?.once('close', () => resolve());
      open[0]?.socket?.close();
    });
    const again = new WebSocket(streamUrl);
    await new Promise<void>((resolve, reject) => {
      again.once('open', () => resolve());
      again.once('unexpected-response', () => reject(new Error('the freed place was not given back')));
    });
    for (const socket of [again, ...open.slice(1).map((a) => a.socket)]) socket?.close();
  });

  test('without credentials, an activity naming a serviceUrl off this machine is refused and nothing is posted', async () => {
    const attacker = new FakeConnector();
    const attackerUrl = await attacker.start();
    try {
      // The attacker's address as a name the loopback check cannot take for this machine.
      const named = attackerUrl.replace('127.0.0.1', 'attacker.localtest.example');
      for (const serviceUrl of [named, 'http://169.254.169.254/latest/', 'https://attacker.example/']) {
        const res = await fetch(`${running.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(connectorActivity(serviceUrl, { conversation: { id: 'ssrf' } })),
        });
        expect([serviceUrl, res.status]).toEqual([serviceUrl, 401]);
      }
      // A local client at a local serviceUrl (the Emulator's case) is still answered.
      const local = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(connectorActivity(attackerUrl, { conversation: { id: 'emulator' } })),
      });
      expect(local.status).toBe(200);
      await attacker.waitForMessages(1, 'emulator');
      expect(attacker.messages('ssrf')).toEqual([]);
    } finally {
      await attacker.stop();
    }
  });
});
