import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Request, Response } from 'restify';

const gzip = promisify(gzipCallback);

/** Files under this size are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

/**
 * One file held in memory with its ETag and, made on first request, a gzipped copy.
 * The Web Chat bundle is about 4 MB; gzip brings it near 1 MB, which matters on a phone.
 */
export class StaticAsset {
  readonly etag: string;
  private gzipped?: Promise<Buffer>;

  constructor(
    readonly body: Buffer,
    readonly contentType: string,
    readonly cacheControl: string,
  ) {
    this.etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  }

  /** A short content hash, for cache-busting query strings. */
  get version(): string {
    return this.etag.slice(1, 13);
  }

  async send(req: Request, res: Response, extraHeaders: Record<string, string> = {}): Promise<void> {
    const headers: Record<string, string> = {
      'content-type': this.contentType,
      'cache-control': this.cacheControl,
      etag: this.etag,
      vary: 'Accept-Encoding',
      ...extraHeaders,
    };
    if (matchesEtag(req.header('if-none-match'), this.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let body = this.body;
    if (this.body.length >= GZIP_MIN_BYTES && acceptsGzip(req.header('accept-encoding'))) {
      body = await (this.gzipped ??= gzip(this.body, { level: 9 }));
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
