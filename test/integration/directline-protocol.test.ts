import { DirectLine, ConnectionStatus, type Activity, type Message } from 'botframework-directlinejs';
import {
  call,
  firstValue,
  installBrowserGlobals,
  startDirectLine,
  waitFor,
  type RunningDirectLine,
} from '../helpers/directline-client';
import { createDirectLineTestStorage, type TestStorage } from '../helpers/directline-test-storage';

installBrowserGlobals();

interface TokenResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

function tokenUser(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    user: string;
  };
  return payload.user;
}

function texts(activities: Activity[]): string[] {
  return activities.filter((a): a is Message => a.type === 'message').map((a) => a.text ?? '');
}

/** Subscribes to the client's activity stream and collects everything it delivers. */
function collect(directLine: DirectLine): { activities: Activity[]; stop(): void } {
  const activities: Activity[] = [];
  // The error callback matters: rxjs 5 rethrows unhandled errors, and end() errors the stream.
  const subscription = directLine.activity$.subscribe(
    (activity) => activities.push(activity),
    () => undefined,
  );
  return { activities, stop: () => subscription.unsubscribe() };
}

describe('Direct Line 3.0 with the official DirectLineJS client', () => {
  let storage: TestStorage;
  let running: RunningDirectLine;
  const clients: DirectLine[] = [];

  beforeEach(async () => {
    storage = await createDirectLineTestStorage();
    running = await startDirectLine({ storage: storage.backend });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.end();
    await running.stop();
    await storage.dispose();
  });

  function client(options: ConstructorParameters<typeof DirectLine>[0]): DirectLine {
    const directLine = new DirectLine({ domain: running.domain, pollingInterval: 200, ...options });
    clients.push(directLine);
    return directLine;
  }

  async function generateToken(): Promise<TokenResponse> {
    const { status, body } = await call<TokenResponse>(`${running.domain}/tokens/generate`, {
      method: 'POST',
    });
    expect(status).toBe(200);
    return body;
  }

  test('starts a conversation, posts, and receives the echo and the reply over the WebSocket stream', async () => {
    const { token, conversationId } = await generateToken();
    const opened: string[] = [];
    const Native = globalThis.WebSocket;
    // Records which stream URLs the client opens, so this test cannot pass by polling.
    class RecordingWebSocket extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        opened.push(String(url));
      }
    }
    const directLine = client({ token, webSocket: true, WebSocket: RecordingWebSocket } as never);
    const received = collect(directLine);

    const id = await firstValue(
      directLine.postActivity({
        type: 'message',
        text: 'hello',
        from: { id: 'i-choose-my-id', name: 'Mallory' },
        channelData: { clientActivityID: 'client-1' },
      } as Message),
    );
    await waitFor(() => texts(received.activities).includes('echo: hello'), 'the bot reply');

    expect(directLine.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(
      new RegExp(
        `^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conversationId}/stream\\?watermark=0&t=`,
      ),
    );
    expect(texts(received.activities)).toEqual(['hello', 'echo: hello']);
    const [echo, reply] = received.activities as Message[];
    expect(echo?.id).toBe(id);
    expect(echo?.id).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    expect(echo?.from.id).toBe(tokenUser(token));
    expect(echo?.from.id).toMatch(/^dl_/);
    expect(echo?.channelData).toEqual({ clientActivityID: 'client-1' });
    expect(echo?.conversation?.id).toBe(conversationId);
    expect(reply?.from).toMatchObject({ id: 'firstline-bot', name: 'FirstLine', role: 'bot' });
    expect((reply as { replyToId?: string } | undefined)?.replyToId).toBe(id);
  });

  test('works by polling when WebSockets are off', async () => {
    const { token } = await generateToken();
    const directLine = client({ token, webSocket: false });
    const received = collect(directLine);

    await firstValue(
      directLine.postActivity({ type: 'message', text: 'poll me', from: { id: 'x' } } as Message),
    );
    await waitFor(() => texts(received.activities).includes('echo: poll me'), 'the polled reply');
    await firstValue(
      directLine.postActivity({ type: 'message', text: 'again', from: { id: 'x' } } as Message),
    );
    await waitFor(() => texts(received.activities).includes('echo: again'), 'the second polled reply');

    expect(texts(received.activities)).toEqual(['poll me', 'echo: poll me', 'again', 'echo: again']);
  });

  test('starts anonymously without a token, with a server-chosen user id', async () => {
    const directLine = client({ webSocket: true });
    const received = collect(directLine);
    await firstValue(
      directLine.postActivity({ type: 'message', text: 'anon', from: { id: 'me' } } as Message),
    );
    await waitFor(() => texts(received.activities).includes('echo: anon'), 'the reply');
    expect(received.activities[0]?.from.id).toMatch(/^dl_/);
  });

  test('reconnecting with a watermark delivers what was missed, without duplicates', async () => {
    const { token, conversationId } = await generateToken();
    const first = client({ token, webSocket: true });
    const before = collect(first);
    await firstValue(first.postActivity({ type: 'message', text: 'one', from: { id: 'x' } } as Message));
    await waitFor(() => texts(before.activities).includes('echo: one'), 'the first reply');
    before.stop();
    first.end();
    const watermark = String(before.activities.length);

    // While no client is connected, the conversation moves on.
    const posted = await call(`${running.domain}/conversations/${conversationId}/activities`, {
      method: 'POST',
      token,
      body: { type: 'message', text: 'two' },
    });
    expect(posted.status).toBe(200);

    const second = client({ token, conversationId, watermark, webSocket: true });
    const after = collect(second);
    await waitFor(() => texts(after.activities).includes('echo: two'), 'the missed reply');
    await firstValue(second.postActivity({ type: 'message', text: 'three', from: { id: 'x' } } as Message));
    await waitFor(() => texts(after.activities).includes('echo: three'), 'the live reply');

    expect(texts(after.activities)).toEqual(['two', 'echo: two', 'three', 'echo: three']);
    const ids = [...before.activities, ...after.activities].map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('refreshes the token through the client; the new token keeps the conversation', async () => {
    const { token, conversationId } = await generateToken();
    const directLine = client({ token, webSocket: true });
    const received = collect(directLine);
    await firstValue(
      directLine.postActivity({ type: 'message', text: 'before', from: { id: 'x' } } as Message),
    );

    // refreshToken is what the client's own 15-minute timer calls.
    const refresh = (
      directLine as unknown as { refreshToken(): Parameters<typeof firstValue<string>>[0] }
    ).refreshToken();
    const refreshed = await firstValue(refresh);
    expect(refreshed).not.toBe(token);
    expect(tokenUser(refreshed)).toBe(tokenUser(token));

    const listed = await call<{ activities: Activity[] }>(
      `${running.domain}/conversations/${conversationId}/activities`,
      { token: refreshed },
    );
    expect(listed.status).toBe(200);
    await waitFor(() => texts(received.activities).includes('echo: before'), 'the reply');
    expect(texts(listed.body.activities)).toEqual(['before', 'echo: before']);
  });
});
