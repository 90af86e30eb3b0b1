import http from 'node:http';
import { FakeConnector, connectorActivity } from '../helpers/fake-connector';
import { call } from '../helpers/directline-client';
import { startApp, type RunningApp } from '../helpers/in-process-app';

// Issue 12: at least 10,000 mutated activities on each endpoint that takes them, 0 answers of 5xx
// and 0 crashes. The mutations are drawn from a seeded PRNG, so every run sends the same bodies.

const PER_ENDPOINT = 10_000;
const CONCURRENCY = 16;
const SEED = 0x12_0c_2026;
/** The default BODY_LIMIT_BYTES, which the app under test keeps. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}
type Rng = ReturnType<typeof prng>;

const UNICODE = [
  'Zażółć gęślą jaźń',
  'Größe ändern',
  'ăâîșț',
  '\u202Eevil\u202C',
  '\u200B\u200C\u200D\uFEFF',
  '😀👩‍💻🏳️‍🌈',
  '\u0000\u0001\u001F',
  '𝕳𝖊𝖑𝖑𝖔',
  '\uFFFF\uFFFE',
  'ﷺ',
];
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];
const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  '',
];

/** A JSON text standing for a value that JSON.stringify cannot write (deep nesting, raw junk). */
interface Raw {
  raw: string;
}

function wrongType(rng: Rng): unknown {
  return rng.pick<unknown>([
    0,
    -1,
    1e308,
    -0,
    true,
    false,
    null,
    [],
    {},
    [1, 'a', null],
    { nested: { x: 1 } },
    '',
    ' ',
    'null',
    Number.MAX_SAFE_INTEGER,
  ]);
}

function unicodeString(rng: Rng): string {
  let text = '';
  for (let i = 0, n = 1 + rng.int(6); i < n; i++) text += rng.pick(UNICODE);
  // Lone surrogate halves, which are valid JSON escapes but not valid UTF-16 text.
  if (rng.next() < 0.3) text += rng.pick(['\ud800', '\udfff', '\ud83d']);
  return text;
}

function deepRaw(rng: Rng): Raw {
  const levels = rng.pick([33, 64, 100, 1000, 5000, 20_000]);
  const [open, close] = rng.next() < 0.5 ? ['{"a":', '}'] : ['[', ']'];
  return { raw: `${open.repeat(levels)}1${close.repeat(levels)}` };
}

/** One mutation of a (nested) field of `target`; the target is changed in place. */
function mutate(target: Record<string, unknown>, rng: Rng): void {
  const keys = Object.keys(target);
  const key = keys.length > 0 ? rng.pick(keys) : 'text';
  switch (rng.int(9)) {
    case 0:
      target[key] = wrongType(rng);
      break;
    case 1:
      target[key] = 'x'.repeat(rng.pick([300, 5000, 70_000, 300_000]));
      break;
    case 2:
      target[key] = deepRaw(rng);
      break;
    case 3:
      target[key] = unicodeString(rng);
      break;
    case 4:
      delete target[key];
      break;
    case 5:
      target[rng.pick(POLLUTION_KEYS)] = { polluted: true, isAdmin: true };
      break;
    case 6: {
      const inner = target[key];
      if (inner && typeof inner === 'object' && !Array.isArray(inner))
        mutate(inner as Record<string, unknown>, rng);
      else target[key] = { [rng.pick(POLLUTION_KEYS)]: unicodeString(rng) };
      break;
    }
    case 7:
      target[rng.pick(['channelData', 'value', 'entities', 'attachments', 'name', 'type'])] =
        rng.pick<unknown>([
          { clientActivityID: unicodeString(rng) },
          [{ type: 'mention', mentioned: { id: 'x' } }],
          [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [] } }],
          'typing',
          'event',
          'conversationUpdate',
          'invoke',
          wrongType(rng),
        ]);
      break;
    default:
      target[`extra${rng.int(100)}`] = unicodeString(rng);
  }
}

/** JSON text of `value`, with Raw placeholders spliced in as written. */
function serialise(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && 'raw' in v && typeof (v as Raw).raw === 'string') {
      raws.push((v as Raw).raw);
      return `\u0000RAW${raws.length - 1}\u0000`;
    }
    return v;
  });
  return (text ?? 'null').replace(/"\\u0000RAW(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)] ?? 'null');
}

interface FuzzRequest {
  body: string;
  contentType: string;
}

/** A base body, mutated 1-3 times; now and then broken as text or sent with an odd content type. */
function fuzzRequest(base: () => Record<string, unknown>, rng: Rng): FuzzRequest {
  // Parsing through JSON keeps keys such as __proto__ as plain own properties.
  const body = JSON.parse(JSON.stringify(base())) as Record<string, unknown>;
  for (let i = 0, n = 1 + rng.int(3); i < n; i++) mutate(body, rng);
  let text = serialise(body);
  const roll = rng.next();
  if (roll < 0.05) text = text.slice(0, rng.int(text.length));
  else if (roll < 0.07) text = rng.pick(['', 'null', '[]', '"text"', '42', '{"__proto__":{"polluted":1}}']);
  const contentType = rng.next() < 0.15 ? rng.pick(CONTENT_TYPES) : 'application/json';
  return { body: text, contentType };
}

interface FuzzResult {
  sent: number;
  byStatus: Map<number, number>;
  serverErrors: { status: number; body: string; sample: string }[];
  /** Oversized bodies whose 413 the client missed because the server closed the connection. */
  resetOversized: number;
  ms: number;
}

/** Keep-alive connections for the fuzz client; node:http costs less per request than fetch. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(
  url: string,
  init: { headers: Record<string, string>; body: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { ...init.headers, 'content-length': Buffer.byteLength(init.body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

interface Started {
  conversationId: string;
  token: string;
}

interface Target {
  url: string;
  headers?: Record<string, string>;
}

/** Sends PER_ENDPOINT mutated bodies, CONCURRENCY at a time; request i goes to `target(i)`. */
async function fuzz(
  target: (i: number) => Target,
  base: () => Record<string, unknown>,
  seed: number,
): Promise<FuzzResult> {
  const rng = prng(seed);
  const result: FuzzResult = { sent: 0, byStatus: new Map(), serverErrors: [], resetOversized: 0, ms: 0 };
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < PER_ENDPOINT) {
      const index = next++;
      // Built when taken (synchronously, so in index order): the same bodies on every run, and
      // never all 10,000 in memory at once.
      const request = fuzzRequest(base, rng);
      const { url, headers } = target(index);
      const response = await post(url, {
        headers: { ...(request.contentType ? { 'content-type': request.contentType } : {}), ...headers },
        body: request.body,
      }).catch((err: unknown) => {
        // A body over the limit is answered 413 and the connection closed before it is read, so
        // the client may see the reset instead of the answer. Anything else is a failure.
        if (Buffer.byteLength(request.body) > BODY_LIMIT_BYTES) return undefined;
        throw err;
      });
      result.sent++;
      if (!response) {
        result.resetOversized++;
        continue;
      }
      const text = response.body;
      result.byStatus.set(response.status, (result.byStatus.get(response.status) ?? 0) + 1);
      if (response.status >= 500) {
        result.serverErrors.push({ status: response.status, body: text, sample: request.body.slice(0, 300) });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  result.ms = Date.now() - started;
  return result;
}

describe(`fuzz: ${PER_ENDPOINT} mutated activities per endpoint, no 5xx and no crash`, () => {
  let running: RunningApp;
  const connector = new FakeConnector();
  let serviceUrl: string;
  const directLine: Started[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    serviceUrl = await connector.start();
    // A message budget high enough that Direct Line bodies reach validation instead of stopping
    // at the rate limit. The token route and the login keep their limits: they read no activity
    // from the body, which the server's body parser and JSON checks see either way.
    running = await startApp({ RATE_LIMIT_MESSAGES_PER_MINUTE: '1000000' });
    // Opened first: the web chat token fuzz spends this address's budget for new conversations.
    for (let i = 0; i < 9; i++) {
      const started = await call<Started>(`${running.url}/v3/directline/conversations`, { method: 'POST' });
      directLine.push(started.body);
    }
  }, 120_000);
  afterAll(async () => {
    agent.destroy();
    process.off('unhandledRejection', onUnhandled);
    await running.stop();
    await connector.stop();
  });

  function expectClean(result: FuzzResult): void {
    expect(result.sent).toBe(PER_ENDPOINT);
    expect(result.serverErrors.slice(0, 3)).toEqual([]);
    expect(result.serverErrors).toHaveLength(0);
  }

  test('Direct Line POST /conversations/:id/activities', async () => {
    const conversations = directLine.slice(0, 8);
    let turn = 0;
    // Eight conversations, so the bot's state for one is not the only thing under load.
    const result = await fuzz(
      (i) => {
        const { conversationId, token } = conversations[i % conversations.length]!;
        const url = `${running.url}/v3/directline/conversations/${conversationId}/activities`;
        return { url, headers: { authorization: `Bearer ${token}` } };
      },
      () => {
        turn++;
        // What Web Chat sends: messages, its typing indicator and events such as webchat/join.
        const kind = turn % 3;
        if (kind === 0) return { type: 'typing', channelData: { clientActivityID: `c-${turn}` } };
        if (kind === 1) return { type: 'event', name: 'webchat/join', value: { language: 'en-US' } };
        return {
          type: 'message',
          text: `printer ${turn}`,
          locale: 'en-US',
          channelData: { clientActivityID: `c-${turn}` },
        };
      },
      SEED,
    );
    expectClean(result);
  }, 240_000);

  test('POST /api/messages', async () => {
    let conversationNo = 0;
    expectClean(
      await fuzz(
        () => ({ url: `${running.url}/api/messages` }),
        () => {
          const n = conversationNo++;
          const conversation = { id: `fuzz-${n % 64}`, conversationType: 'personal', tenantId: 't-1' };
          // A mix of what Teams sends; typing and events need no reply, which keeps the run short.
          const kind = [
            {},
            { type: 'typing', text: undefined },
            { type: 'event', name: 'application/vnd.microsoft.meetingStart', value: {} },
          ][n % 3];
          // Fixed id and timestamp: the same bodies on every run.
          const fixed = { id: `fuzz-activity-${n}`, timestamp: '2026-01-05T09:00:00.000Z' };
          return connectorActivity(serviceUrl, { ...fixed, conversation, ...kind });
        },
        SEED + 100,
      ),
    );
  }, 240_000);

  test('POST /api/webchat/token', async () => {
    expectClean(
      await fuzz(
        () => ({ url: `${running.url}/api/webchat/token` }),
        () => ({ user: { id: 'u', name: 'n' }, trustedOrigin: 'x' }),
        SEED + 200,
      ),
    );
  }, 240_000);

  test('POST /api/console/login', async () => {
    expectClean(
      await fuzz(
        () => ({ url: `${running.url}/api/console/login` }),
        () => ({ token: 'flt_not-a-real-token' }),
        SEED + 300,
      ),
    );
  }, 240_000);

  test('afterwards the server is healthy and still answers a conversation', async () => {
    expect(unhandled).toEqual([]);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const { conversationId, token } = directLine[8]!;
    const posted = await call(`${running.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      token,
      body: { type: 'message', text: 'my printer is jammed' },
    });
    expect(posted.status).toBe(200);
    const log = await call<{ activities: { from: { role: string } }[] }>(
      `${running.url}/v3/directline/conversations/${conversationId}/activities`,
      { token },
    );
    expect(log.body.activities.some((a) => a.from.role === 'bot')).toBe(true);
  });
});
