import { WebSocket } from 'ws';
import { TurnContext } from 'botbuilder';
import {
  call,
  startDirectLine,
  waitFor,
  type RunningDirectLine,
  type StartOptions,
} from '../helpers/directline-client';
import { isRerun } from '../../src/turn';
import { stalledDeliveries } from '../../src/storage';
import { DIRECT_LINE_CHANNEL_ID } from '../../src/channels/directline';
import { createDirectLineTestStorage, type TestStorage } from '../helpers/directline-test-storage';

interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}
interface Frame {
  activities: { id: string; text?: string; type: string; from: { id: string; role?: string } }[];
  watermark: string;
}

/** Opens a stream and collects its frames. */
async function openStream(
  url: string,
): Promise<{ frames: Frame[]; texts(): string[]; socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  const frames: Frame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    frames,
    socket,
    closed,
    texts: () => frames.flatMap((f) => f.activities.map((a) => a.text ?? `<${a.type}>`)),
  };
}

describe('Direct Line data lives in the store', () => {
  let storage: TestStorage;
  const servers: RunningDirectLine[] = [];

  beforeEach(async () => {
    storage = await createDirectLineTestStorage();
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
    await storage.dispose();
  });

  async function serve(options: Omit<StartOptions, 'storage'> = {}): Promise<RunningDirectLine> {
    const running = await startDirectLine({ storage: storage.backend, ...options });
    servers.push(running);
    return running;
  }

  test('a new server on the same DATA_DIR serves the old conversation, and its old token still works', async () => {
    const first = await serve();
    const { conversationId, token } = (
      await call<Started>(`${first.domain}/conversations`, { method: 'POST' })
    ).body;
    const posted = await call(`${first.domain}/conversations/${conversationId}/activities`, {
      method: 'POST',
      token,
      body: { type: 'message', text: 'before restart' },
    });
    expect(posted.status).toBe(200);
    await first.stop();
    servers.splice(servers.indexOf(first), 1);

    await storage.reopen();
    const second = await serve();
    const listed = await call<Frame>(`${second.domain}/conversations/${conversationId}/activities`, {
      token,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.activities.map((a) => a.text)).toEqual(['before restart', 'echo: before restart']);
    expect(listed.body.watermark).toBe('2');

    const reconnect = await call<Started>(`${second.domain}/conversations/${conversationId}?watermark=1`, {
      token,
    });
    expect(reconnect.status).toBe(200);
    const stream = await openStream(reconnect.body.streamUrl);
    await waitFor(() => stream.texts().length >= 1, 'the replayed reply');
    expect(stream.texts()).toEqual(['echo: before restart']);
    stream.socket.close();
  });

  test('a stream on one server sees what another server writes to the shared store', async () => {
    const a = await serve();
    const b = await serve();
    const started = (await call<Started>(`${a.domain}/conversations`, { method: 'POST' })).body;
    const reconnect = await call<Started>(`${b.domain}/conversations/${started.conversationId}`, {
      token: started.token,
    });
    const stream = await openStream(reconnect.body.streamUrl);

    await call(`${a.domain}/conversations/${started.conversationId}/activities`, {
      method: 'POST',
      token: started.token,
      body: { type: 'message', text: 'via a' },
    });
    await waitFor(() => stream.texts().includes('echo: via a'), 'the reply written by server a');
    expect(stream.texts()).toEqual(['via a', 'echo: via a']);
    expect(stream.frames.at(-1)?.watermark).toBe('2');
    stream.socket.close();
  });

  test('a post answered while its turn ran, then lost with its process, is run once more by another server', async () => {
    // Server a answers posts after 200 ms and its turn for "stuck" never ends: as if the process
    // died after answering. Its lease (200 ms) runs out unfinished; b's scheduled pass retakes it.
    let release = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    const a = await serve({
      tuning: { turnResponseTimeoutMs: 200 },
      logic: async () => {
        await hung;
      },
    });
    const rerunsOnB: string[] = [];
    const b = await serve({
      tuning: { turnResponseTimeoutMs: 200, stalledTurnsGraceMs: 0 },
      logic: async (context) => {
        if (context.activity.type !== 'message') return;
        rerunsOnB.push(`${context.activity.text} (rerun: ${isRerun(context)})`);
        await context.sendActivity(`echo: ${context.activity.text}`);
      },
    });
    const { conversationId, token } = (await call<Started>(`${a.domain}/conversations`, { method: 'POST' }))
      .body;
    const posted = await call(`${a.domain}/conversations/${conversationId}/activities`, {
      method: 'POST',
      token,
      body: { type: 'message', text: 'stuck', channelData: { clientActivityID: 'client-1' } },
    });
    expect(posted.status).toBe(200);
    // b's scheduled pass, run by hand until the lease has run out (an idle pass returns 0).
    let resumed = 0;
    for (const deadline = Date.now() + 5000; resumed === 0 && Date.now() < deadline;) {
      resumed = await b.channel.stalledTurns.runNow();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(resumed).toBe(1);
    expect(rerunsOnB).toEqual(['stuck (rerun: true)']);
    expect(await b.channel.stalledTurns.runNow()).toBe(0); // done: not run a third time
    const listed = await call<Frame>(`${b.domain}/conversations/${conversationId}/activities`, { token });
    expect(listed.body.activities.map((x) => x.text)).toEqual(['stuck', 'echo: stuck']);
    release();
  });

  test('a post whose lease ran out only moments ago is left alone: its turn may still be running', async () => {
    let release = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    const a = await serve({ tuning: { turnResponseTimeoutMs: 200 }, logic: () => hung });
    const turnsOnC: string[] = [];
    // The default grace: a turn is run again 30 s after its lease ran out, not before.
    const c = await serve({
      tuning: { turnResponseTimeoutMs: 200 },
      logic: async (context) => {
        if (context.activity.type === 'message') turnsOnC.push(context.activity.text ?? '');
      },
    });
    const { conversationId, token } = (await call<Started>(`${a.domain}/conversations`, { method: 'POST' }))
      .body;
    await call(`${a.domain}/conversations/${conversationId}/activities`, {
      method: 'POST',
      token,
      body: { type: 'message', text: 'slow', channelData: { clientActivityID: 'client-2' } },
    });
    // Barrier: the store lists the delivery once its 200 ms lease has run out.
    const listed = () =>
      stalledDeliveries(storage.backend.idempotency, DIRECT_LINE_CHANNEL_ID, {
        since: 0,
        now: Date.now(),
        limit: 10,
      });
    for (const deadline = Date.now() + 5000; (await listed()).length === 0 && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await listed()).toEqual([{ conversationId, deliveryId: 'client-2' }]);
    expect(await c.channel.stalledTurns.runNow()).toBe(0);
    expect(turnsOnC).toEqual([]);
    release();
  });

  test('proactive messages (continueConversationAsync) and typing reach an open stream', async () => {
    const running = await serve();
    const started = (await call<Started>(`${running.domain}/conversations`, { method: 'POST' })).body;
    const stream = await openStream(started.streamUrl);
    await call(`${running.domain}/conversations/${started.conversationId}/activities`, {
      method: 'POST',
      token: started.token,
      body: { type: 'message', text: 'remember me' },
    });
    await waitFor(() => stream.texts().includes('echo: remember me'), 'the reply');
    const userMessage = stream.frames[0]?.activities[0];
    const reference = TurnContext.getConversationReference({
      ...(userMessage as object),
      recipient: running.channel.adapter.bot,
    } as never);

    await running.channel.adapter.continueConversationAsync('app-id', reference, async (context) => {
      await context.sendActivity({ type: 'typing' });
      await context.sendActivity('a technician joined');
    });
    await waitFor(() => stream.texts().includes('a technician joined'), 'the proactive message');
    const last = stream.frames.flatMap((f) => f.activities).slice(-2);
    expect(last.map((a) => a.type)).toEqual(['typing', 'message']);
    expect(last[1]?.from).toMatchObject({ id: 'firstline-bot', role: 'bot' });

    await expect(
      running.channel.adapter.continueConversationAsync(
        'app-id',
        { conversation: { id: 'nope' } as never },
        async () => undefined,
      ),
    ).rejects.toThrow(/Unknown Direct Line conversation/);
    stream.socket.close();
  });

  test('the bot is told once that the conversation started, and can greet', async () => {
    const greeted: string[] = [];
    const running = await startDirectLine({
      storage: storage.backend,
      logic: async (context) => {
        if (context.activity.type !== 'conversationUpdate') return;
        greeted.push(context.activity.conversation.id);
        await context.sendActivity('Hi, I am the help desk bot.');
      },
    });
    servers.push(running);
    const { token, conversationId } = (
      await call<Started>(`${running.domain}/tokens/generate`, { method: 'POST' })
    ).body;
    const started = await call<Started>(`${running.domain}/conversations`, { method: 'POST', token });
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(conversationId);
    const stream = await openStream(started.body.streamUrl);
    await waitFor(() => stream.texts().length === 1, 'the greeting');
    await call(`${running.domain}/conversations`, { method: 'POST', token });
    await running.inFlight.idle();
    expect(greeted).toEqual([conversationId]);
    expect(stream.texts()).toEqual(['Hi, I am the help desk bot.']);
    stream.socket.close();
  });

  test('close() ends open streams with 1001', async () => {
    const running = await serve();
    const started = (await call<Started>(`${running.domain}/conversations`, { method: 'POST' })).body;
    const stream = await openStream(started.streamUrl);
    await running.channel.close();
    expect(await stream.closed).toBe(1001);
  });
});
