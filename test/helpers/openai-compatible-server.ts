import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeChatAnswer, scriptOf, type Gullibility } from './fake-chat-model';

/** Deterministic "embedding": a hashed bag of lower-case words, so similar texts get similar vectors. */
export function hashedBagOfWords(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    vector[(h >>> 0) % dimensions] = (vector[(h >>> 0) % dimensions] ?? 0) + 1;
  }
  return vector;
}

export interface FakeOpenAiServer {
  baseURL: string;
  /** Inputs received by /v1/embeddings, in order. */
  requests: Array<{ model: string; input: string[]; encodingFormat?: string; authorization?: string }>;
  /** Requests received by /v1/chat/completions, in order. */
  chatRequests: ChatCall[];
  /**
   * Makes every chat call fail the same way until called again without a failure (markers in the
   * text script one call; this scripts the endpoint, for features whose text a test cannot mark).
   * 'refused' stops listening: connections are refused until the failure is lifted.
   */
  setFailure(failure?: EndpointFailure): Promise<void>;
  /** From now on, how easily the model is fooled by an injection (see FakeOpenAiOptions). */
  setGullibility(gullible: Gullibility): void;
  close(): Promise<void>;
}

/** How the whole endpoint misbehaves: far slower than any client waits, HTTP 500, broken JSON, down. */
export type EndpointFailure = 'slow' | 'status-500' | 'malformed' | 'refused';

/** What 'slow' waits before answering: longer than any timeout a test configures. */
const SLOW_ENDPOINT_MS = 60_000;

export interface ChatCall {
  model: string;
  messages: Array<{ role: string; content: string }>;
  /** The json_schema name asked for, e.g. grounded_answer. */
  schemaName?: string;
  stream: boolean;
  authorization?: string;
  /** What the fake answered (before streaming), or the status it failed with. */
  answer?: string;
  status?: number;
}

async function answerChat(
  req: IncomingMessage,
  res: ServerResponse,
  calls: ChatCall[],
  gullible: Gullibility,
  failure: EndpointFailure | undefined,
): Promise<void> {
  const body = JSON.parse(await readBody(req)) as {
    model: string;
    messages: Array<{ role: string; content: string }>;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    response_format?: { type: string; json_schema?: { name?: string } };
  };
  const call: ChatCall = {
    model: body.model,
    messages: body.messages.map((m) => ({ role: m.role, content: String(m.content) })),
    schemaName: body.response_format?.json_schema?.name,
    stream: body.stream === true,
    authorization: req.headers.authorization,
  };
  calls.push(call);
  const script = scriptOf(call.messages);
  if (failure === 'slow') script.slowMs = SLOW_ENDPOINT_MS;
  if (failure === 'status-500') script.status = 500;
  if (failure === 'malformed') script.malformed = true;
  if (script.slowMs) {
    // Slow, but no later than the client: a client that gave up leaves no timer behind.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, script.slowMs);
      res.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  if (res.destroyed) return;
  if (script.down) {
    res.socket?.destroy();
    return;
  }
  if (script.status) {
    call.status = script.status;
    res.writeHead(script.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'failing on purpose' } }));
    return;
  }
  const answer = fakeChatAnswer(call.messages, call.schemaName, gullible, script);
  call.answer = answer;
  const usage = { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 };
  const id = `chatcmpl-${calls.length}`;
  if (call.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (let i = 0; i < answer.length; i += 16) {
      if (i > 0 && script.cut) {
        res.socket?.destroy();
        return;
      }
      if (i > 0 && script.dripMs) await new Promise((resolve) => setTimeout(resolve, script.dripMs));
      if (res.destroyed) return;
      const chunk = { id, object: 'chat.completion.chunk', created: 0, model: body.model };
      const delta = { content: answer.slice(i, i + 16) };
      res.write(
        `data: ${JSON.stringify({ ...chunk, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
      );
    }
    const last = { id, object: 'chat.completion.chunk', created: 0, model: body.model };
    res.write(
      `data: ${JSON.stringify({ ...last, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    );
    // As the API does: the usage in a chunk of its own, without choices, when asked for.
    if (body.stream_options?.include_usage)
      res.write(`data: ${JSON.stringify({ ...last, choices: [], usage })}\n\n`);
    res.end('data: [DONE]\n\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id,
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [
        { index: 0, message: { role: 'assistant', content: answer, refusal: null }, finish_reason: 'stop' },
      ],
      usage,
    }),
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface FakeOpenAiOptions {
  /** Every embeddings request fails with this status. */
  failWith?: number;
  /**
   * How easily the fake chat model is fooled by an injection (see fake-chat-model.ts):
   * 'instructions' obeys attacks only where instructions belong (system messages, non-JSON user
   * text); 'always' obeys them wherever they are, data included.
   */
  gullible?: Gullibility;
}

/**
 * A minimal OpenAI-compatible HTTP server on 127.0.0.1: POST /v1/embeddings and
 * /v1/chat/completions (JSON or streamed; answers are a function of the request, see
 * fake-chat-model.ts, scripted by markers such as [[llm:status=503]]).
 */
export async function startFakeOpenAiServer(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const requests: FakeOpenAiServer['requests'] = [];
  const chatRequests: ChatCall[] = [];
  let failure: EndpointFailure | undefined;
  let gullible = options.gullible ?? 'instructions';
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'POST' && req.url === '/v1/chat/completions') {
        await answerChat(req, res, chatRequests, gullible, failure);
        return;
      }
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(await readBody(req)) as {
        model: string;
        input: string | string[];
        encoding_format?: string;
      };
      const input = Array.isArray(body.input) ? body.input : [body.input];
      requests.push({
        model: body.model,
        input,
        encodingFormat: body.encoding_format,
        authorization: req.headers.authorization,
      });
      if (res.destroyed) return; // the client gave up (timeout) while the body was read
      if (options.failWith) {
        res.writeHead(options.failWith, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'failing on purpose' } }));
        return;
      }
      const encode = (v: number[]): number[] | string =>
        body.encoding_format === 'base64' ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v;
      // Reversed on purpose: clients must order by `index`, as the real API does not promise order.
      const data = input
        .map((text, index) => ({ object: 'embedding', index, embedding: encode(hashedBagOfWords(text)) }))
        .reverse();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data,
          model: body.model,
          usage: { prompt_tokens: 0, total_tokens: 0 },
        }),
      );
    })().catch(() => {
      // A client that disconnects mid-request is not the server's failure; never leave a rejection.
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests,
    async setFailure(next) {
      if (next === 'refused' && failure !== 'refused') await stopListening();
      if (next !== 'refused' && failure === 'refused')
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      failure = next;
    },
    setGullibility(next) {
      gullible = next;
    },
    close: () => (failure === 'refused' ? Promise.resolve() : stopListening()),
  };
}
