import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { startApp, type RunningApp } from '../helpers/in-process-app';

describe('POST /api/messages (Teams and Azure channels)', () => {
  let running: RunningApp;
  const connector = new FakeConnector();
  let serviceUrl: string;

  beforeAll(async () => {
    serviceUrl = await connector.start();
    running = await startApp();
  });
  afterAll(async () => {
    await running.stop();
    await connector.stop();
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('answers a valid activity through the connector at its serviceUrl', async () => {
    const activity = connectorActivity(serviceUrl, {
      conversation: { id: 'conv-valid' },
      text: 'hello there',
    });
    const res = await post(JSON.stringify(activity));
    expect(res.status).toBe(200);
    const [reply] = await connector.waitForMessages(1, 'conv-valid');
    expect(reply?.activity.text).toMatch(/problem|help/i);
    expect(reply?.activity.replyToId).toBe(activity.id);
  });

  it.each([
    [
      'missing type',
      JSON.stringify({ ...connectorActivity('http://127.0.0.1:1'), type: undefined }),
      'application/json',
      400,
      'BadArgument',
    ],
    ['malformed JSON', '{"type": "message", ', 'application/json', 400, 'MalformedJson'],
    ['wrong content type', 'type=message', 'text/plain', 415, 'UnsupportedMediaType'],
    [
      'a 1 MB body',
      JSON.stringify({ ...connectorActivity('http://127.0.0.1:1'), text: 'x'.repeat(1024 * 1024) }),
      'application/json',
      413,
      'PayloadTooLarge',
    ],
  ])('refuses %s with a JSON error and no internals', async (_name, body, contentType, status, code) => {
    const res = await post(body, contentType);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(JSON.stringify(json)).not.toMatch(/at \w+ \(|node_modules|\.ts:|\.js:|stack/i);
  });

  it('keeps serving after bad requests', async () => {
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const activity = connectorActivity(serviceUrl, { conversation: { id: 'conv-after' } });
    expect((await post(JSON.stringify(activity))).status).toBe(200);
    await connector.waitForMessages(1, 'conv-after');
  });

  it('processes the same activity id posted 5 times concurrently only once', async () => {
    const activity = JSON.stringify(
      connectorActivity(serviceUrl, { id: 'retried-1', conversation: { id: 'conv-dup' } }),
    );
    const statuses = await Promise.all(Array.from({ length: 5 }, () => post(activity).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    await connector.waitForMessages(1, 'conv-dup');
    await running.app.idle();
    expect(connector.messages('conv-dup')).toHaveLength(1);
    const transcript = await running.app.storage.transcripts.list('conv-dup');
    expect(transcript.filter((e) => e.direction === 'incoming')).toHaveLength(1);
  });

  it('records both directions of the conversation with timestamps', async () => {
    const transcript = await running.app.storage.transcripts.list('conv-valid');
    expect(transcript.map((e) => e.direction)).toEqual(['incoming', 'outgoing']);
    expect(transcript[0]?.text).toBe('hello there');
    for (const entry of transcript) expect(Date.parse(entry.at)).not.toBeNaN();
  });
});
