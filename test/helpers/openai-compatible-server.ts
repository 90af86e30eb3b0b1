import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A minimal OpenAI-compatible HTTP server on 127.0.0.1 answering POST /v1/embeddings. */
export async function startFakeOpenAiServer(options: { failWith?: number } = {}): Promise<FakeOpenAiServer> {
  const requests: FakeOpenAiServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
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
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
