/** A simulated web chat user load against a Direct Line endpoint: N users, each sending messages one after another. */

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

/** How long a load runs: a fixed number of turns per user, or until enough turns or time have passed. */
export type LoadPlan = { turnsPerUser: number } | { minTurns: number; maxSeconds: number };

/** A conversation per user, opened before the clock starts; each sends its turns one after another. */
export async function runLoad(baseUrl: string, users: number, plan: LoadPlan): Promise<LoadResult> {
  const conversations = await Promise.all(Array.from({ length: users }, () => startConversation(baseUrl)));
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const more = (sent: number): boolean =>
    'turnsPerUser' in plan
      ? sent < plan.turnsPerUser
      : latencies.length + failed < plan.minTurns && performance.now() - started < plan.maxSeconds * 1000;
  await Promise.all(
    conversations.map(async (conv, u) => {
      const watermark = { value: '0' };
      for (let t = 0; more(t); t++) {
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

/**
 * `count` new conversations of one turn each, `concurrency` at a time: what memory a long-running
 * server keeps per conversation it has seen.
 */
export async function runConversations(baseUrl: string, count: number, concurrency: number): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const n = next++;
        try {
          const conv = await startConversation(baseUrl);
          await turn(baseUrl, conv, `conversation ${n}: my printer is not printing`, { value: '0' });
        } catch {
          failed += 1;
        }
      }
    }),
  );
  return failed;
}
