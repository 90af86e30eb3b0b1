import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/openai-compatible-server';
import { startApp, type RunningApp } from '../helpers/in-process-app';

interface Started {
  conversationId: string;
  token: string;
}

async function ask(running: RunningApp, text: string): Promise<string[]> {
  const started = (await (
    await fetch(`${running.url}/v3/directline/conversations`, { method: 'POST' })
  ).json()) as Started;
  const url = `${running.url}/v3/directline/conversations/${started.conversationId}/activities`;
  const headers = { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' };
  const posted = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ type: 'message', text }),
  });
  expect(posted.status).toBe(200);
  const listed = (await (await fetch(`${url}?watermark=0`, { headers })).json()) as {
    activities: { from: { role?: string }; text?: string }[];
  };
  return listed.activities.filter((a) => a.from.role === 'bot').map((a) => a.text ?? '');
}

describe('hybrid ranking with an OpenAI-compatible embedding endpoint', () => {
  let openai: FakeOpenAiServer;

  beforeAll(async () => {
    openai = await startFakeOpenAiServer();
  });
  afterAll(async () => {
    await openai.close();
  });

  it('re-ranks with embeddings through the real openai client when configured', async () => {
    const running = await startApp({
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: `${openai.baseURL}`,
      OPENAI_EMBEDDING_MODEL: 'text-embedding-3-small',
    });
    try {
      const replies = await ask(running, 'I deleted a file by accident, how do I get it back?');
      expect(replies.join('\n')).toMatch(/deleted|restore|recover/i);
      expect(openai.requests.length).toBeGreaterThan(0);
      expect(openai.requests[0]?.model).toBe('text-embedding-3-small');
      expect(openai.requests[0]?.authorization).toBe('Bearer test-key');
    } finally {
      await running.stop();
    }
  });

  it('never calls an LLM service when none is configured', async () => {
    const before = openai.requests.length;
    const running = await startApp();
    try {
      const replies = await ask(running, 'I deleted a file by accident, how do I get it back?');
      expect(replies.join('\n')).toMatch(/deleted|restore|recover/i);
      expect(openai.requests.length).toBe(before);
    } finally {
      await running.stop();
    }
  });
});
