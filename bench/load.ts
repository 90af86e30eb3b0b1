/** A simulated web chat user load against a Direct Line endpoint: N users, each sending M messages in turn. */

export interface LoadResult {
  users: number;
  turns: number;
  failed: number;
  seconds: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface Conversation {
  conversationId: string;
  token: string;
}

async function startConversation(baseUrl: string): Promise<Conversation> {
  const res = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' });
  if (!res.ok) throw new Error(`start conversation: HTTP ${res.status}`);
  return (await res.json()) as Conversation;
}

/** One turn: post the message, then poll until the bot's reply to it shows up. */
async function turn(
  baseUrl: string,
  conv: Conversation,
  text: string,
  watermark: { value: string },
): Promise<void> {
  const headers = { authorization: `Bearer ${conv.token}`, 'content-type': 'application/json' };
  const base = `${baseUrl}/v3/directline/conversations/${encodeURIComponent(conv.conversationId)}/activities`;
  const posted = await fetch(base, {
    method: 'POST',
    headers,
    body: JSON.stringify({ type: 'message', from: { id: 'bench-user' }, text }),
  });
  if (!posted.ok) throw new Error(`post: HTTP ${posted.status}`);
  const { id } = (await posted.json()) as { id: string };
  for (let attempt = 0; attempt < 200; attempt++) {
    const res = await fetch(`${base}?watermark=${watermark.value}`, { headers });
    const page = (await res.json()) as {
      activities: { replyToId?: string; type: string }[];
      watermark: string;
    };
    watermark.value = page.watermark ?? watermark.value;
    if (page.activities.some((a) => a.type === 'message' && a.replyToId === id)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('no reply');
}

export async function runLoad(baseUrl: string, users: number, turnsPerUser: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      const conv = await startConversation(baseUrl);
      const watermark = { value: '0' };
      for (let t = 0; t < turnsPerUser; t++) {
        const begin = performance.now();
        try {
          await turn(baseUrl, conv, `user ${u} message ${t}: my printer is not printing`, watermark);
          latencies.push(performance.now() - begin);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    users,
    turns: latencies.length,
    failed,
    seconds,
    turnsPerSecond: latencies.length / seconds,
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
  };
}
