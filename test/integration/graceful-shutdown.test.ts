import { startFirstLine, type FirstLineProcess } from '../helpers/firstline-process';

interface Conversation {
  conversationId: string;
  token: string;
}

const CONVERSATIONS = 50;

async function startConversation(url: string): Promise<Conversation> {
  const res = await fetch(`${url}/v3/directline/conversations`, { method: 'POST' });
  expect(res.status).toBe(201);
  return (await res.json()) as Conversation;
}

function activitiesUrl(url: string, conv: Conversation): string {
  return `${url}/v3/directline/conversations/${encodeURIComponent(conv.conversationId)}/activities`;
}

/** Posts one message; resolves with the id only when the server acknowledged it. */
async function post(url: string, conv: Conversation, text: string): Promise<string | undefined> {
  try {
    const res = await fetch(activitiesUrl(url, conv), {
      method: 'POST',
      headers: { authorization: `Bearer ${conv.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'ignored' }, text }),
    });
    if (res.status !== 200) return undefined;
    return ((await res.json()) as { id: string }).id;
  } catch {
    return undefined; // refused or cut off by the shutdown: not acknowledged
  }
}

describe('graceful shutdown (SIGTERM)', () => {
  let server: FirstLineProcess;

  beforeAll(async () => {
    server = await startFirstLine({
      RATE_LIMIT_MESSAGES_PER_MINUTE: '1000',
      RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000',
    });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('keeps every acknowledged message of 50 open conversations across a restart', async () => {
    const conversations = await Promise.all(
      Array.from({ length: CONVERSATIONS }, () => startConversation(server.url)),
    );
    // One settled message each, then a second wave that SIGTERM interrupts.
    const settled = await Promise.all(conversations.map((c, i) => post(server.url, c, `first message ${i}`)));
    expect(settled.every(Boolean)).toBe(true);

    const wave = conversations.map((c, i) => post(server.url, c, `my printer is broken ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 15)); // the scenario: SIGTERM lands mid-wave
    const exitCode = await server.stop('SIGTERM');
    const acknowledged = await Promise.all(wave);
    expect(exitCode).toBe(0);

    await server.restart();
    let checked = 0;
    for (const [i, conv] of conversations.entries()) {
      const res = await fetch(`${activitiesUrl(server.url, conv)}?watermark=0`, {
        headers: { authorization: `Bearer ${conv.token}` },
      });
      expect(res.status).toBe(200);
      const { activities } = (await res.json()) as { activities: { id: string; replyToId?: string }[] };
      const ids = new Set(activities.map((a) => a.id));
      const repliedTo = new Set(activities.map((a) => a.replyToId));
      for (const id of [settled[i], acknowledged[i]]) {
        if (!id) continue;
        expect(ids.has(id)).toBe(true);
        // The turn finished before shutdown, so the bot's answer was stored too.
        expect(repliedTo.has(id)).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(CONVERSATIONS);
  }, 60_000);
});
