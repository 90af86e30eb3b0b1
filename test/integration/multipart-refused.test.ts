import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../helpers/in-process-app';

/**
 * Issue 12, finding 1: a multipart body must never reach a parser that writes to disk. Only the
 * Direct Line upload route reads one (after checking the token); everything else refuses it with
 * 415 before reading, and nothing lands in the temp folder.
 */
describe('multipart bodies outside the upload route', () => {
  let running: RunningApp;
  let tempDir: string;
  const previousTmp = process.env.TMPDIR;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-multipart-data-'));
    // Whatever a parser would write goes to os.tmpdir(), which reads TMPDIR on every call.
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-multipart-tmp-'));
    process.env.TMPDIR = tempDir;
    running = await startApp({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await running.stop();
    process.env.TMPDIR = previousTmp;
    if (previousTmp === undefined) delete process.env.TMPDIR;
  });

  const ROUTES = [
    '/api/console/login',
    '/api/messages',
    '/v3/directline/conversations',
    '/v3/directline/tokens/generate',
    '/api/webchat/token',
    '/v3/directline/conversations/abc/activities',
    '/no/such/route',
    '/v3/directline/conversations/abc/upload',
  ];
  const UPLOAD_INDEX = ROUTES.length - 1;

  it('refuses 1,000 unauthenticated multipart requests to several routes (415, 401 on the upload route) and leaves 0 files', async () => {
    const started = Date.now();
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < 1000) {
        const i = next++;
        const route = ROUTES[i % ROUTES.length] ?? '/';
        const res = await post(route, multipartBody(3, 4096), { boundary: BOUNDARY });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    // The upload route reads multipart, but only after the token: without one, 401 and nothing read.
    const uploads = Math.ceil((1000 - UPLOAD_INDEX) / ROUTES.length);
    expect(Object.fromEntries(statuses)).toEqual({ 415: 1000 - uploads, 401: uploads });
    expect(filesUnder(tempDir)).toEqual([]);
    // About 8 s on an idle 2-core machine; the bound leaves room for a loaded one.
    expect(Date.now() - started).toBeLessThan(100_000);
  }, 120_000);

  it('answers /api/messages with multipart 415 in the JSON error format and stores nothing', async () => {
    const res = await post('/api/messages', multipartBody(500, 16), { boundary: BOUNDARY });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: { code: 'UnsupportedMediaType', message: 'This endpoint does not accept multipart bodies.' },
    });
    expect(filesUnder(tempDir)).toEqual([]);
  });

  it('refuses other multipart kinds too (multipart/mixed is not read into memory either)', async () => {
    const res = await post('/api/console/login', multipartBody(2, 64), {
      boundary: BOUNDARY,
      type: 'multipart/mixed',
    });
    expect(res.status).toBe(415);
    expect(filesUnder(tempDir)).toEqual([]);
  });

  it('refuses a chunked multipart body without reading it', async () => {
    const res = await post('/api/console/login', chunked(multipartBody(1, 64 * 1024), 40), {
      boundary: BOUNDARY,
    });
    expect(res.status).toBe(415);
    expect(filesUnder(tempDir)).toEqual([]);
  });

  it('answers a chunked JSON body beyond BODY_LIMIT_BYTES with 413', async () => {
    const limit = running.config.server.bodyLimitBytes;
    const json = Buffer.from(JSON.stringify({ token: 'x'.repeat(limit + 1024) }));
    const res = await fetch(`${running.url}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunked(json, 8),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(filesUnder(tempDir)).toEqual([]);
  });

  async function post(
    route: string,
    body: Buffer | ReadableStream<Uint8Array>,
    options: { boundary: string; type?: string },
  ): Promise<Response> {
    return fetch(`${running.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': `${options.type ?? 'multipart/form-data'}; boundary=${options.boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
  }
});

const BOUNDARY = '----firstline-test-boundary';

function multipartBody(parts: number, bytesPerPart: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; i < parts; i++) {
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file${i}"; filename="f${i}.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      Buffer.alloc(bytesPerPart, 0x41),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** The body as a stream of `pieces` chunks, so it is sent without a Content-Length. */
function chunked(body: Buffer, pieces: number): ReadableStream<Uint8Array> {
  const size = Math.ceil(body.length / pieces);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      controller.enqueue(new Uint8Array(body.subarray(offset, offset + size)));
      offset += size;
    },
  });
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .flatMap((entry) => (entry.isFile() ? [path.join(entry.parentPath, entry.name)] : []));
}
