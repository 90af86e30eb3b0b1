import { memoryRateLimiter } from '../../../../src/storage';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { loadConfig } from '../../../../src/config';
import { silentLogger } from '../../../../src/logging';
import { createHttpServer } from '../../../../src/server';
import { registerWebChatRoutes, type IssuedWebChatToken } from '../../../../src/channels/webchat';
import { Catalogue } from '../../../../src/i18n';
import path from 'node:path';

const catalogue = Catalogue.load(path.resolve(__dirname, '../../../../content/i18n'));
import { AppError } from '../../../../src/errors';

describe('web chat routes', () => {
  let server: Server;
  let base: string;
  let issue: jest.Mock<Promise<IssuedWebChatToken>, []>;

  beforeAll(async () => {
    const config = loadConfig({
      WEBCHAT_TITLE: 'Contoso <IT> Help',
      WEBCHAT_BOT_NAME: 'Ada',
      WEBCHAT_ACCENT_COLOR: '#AA3300',
      WEBCHAT_LOGO_URL: 'https://cdn.example.com/logo.png',
    });
    const logger = silentLogger();
    issue = jest.fn();
    server = createHttpServer({ bodyLimitBytes: 1024, logger });
    registerWebChatRoutes(server, {
      config,
      catalogue,
      logger,
      issueToken: issue,
      rateLimits: { rateLimiter: memoryRateLimiter },
      tokensPerMinutePerClient: 5,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('serves the chat page with escaped settings, versioned assets and its own CSP', async () => {
    const res = await fetch(`${base}/`, { headers: { 'accept-language': 'pl-PL,pl;q=0.9,en;q=0.5' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="pl">');
    expect(html).toContain('<title>Contoso &#60;IT&#62; Help</title>');
    expect(html).not.toContain('<IT>');
    expect(html).toMatch(/src="\/webchat\/webchat\.js\?v=[\w-]{12}"/);
    expect(html).toContain('src="https://cdn.example.com/logo.png"');
    expect(html).toContain('class="fl-full"');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain(`ws://${new URL(base).host}`);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('lets any site frame the page only in embed mode', async () => {
    const res = await fetch(`${base}/?embed=1`);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(await res.text()).toContain('class="fl-embed"');
  });

  it('falls back to the default language for unsupported browser languages', async () => {
    const res = await fetch(`${base}/`, { headers: { 'accept-language': 'fr-FR,ja;q=0.8' } });
    expect(await res.text()).toContain('<html lang="en">');
  });

  it('returns the public web chat settings', async () => {
    const res = await fetch(`${base}/webchat/config.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      botName: 'Ada',
      title: 'Contoso <IT> Help',
      titles: {
        en: 'Contoso <IT> Help',
        de: 'Contoso <IT> Help',
        pl: 'Contoso <IT> Help',
        ro: 'Contoso <IT> Help',
      },
      logoUrl: 'https://cdn.example.com/logo.png',
      // Without an avatar setting the logo is the bot's avatar.
      botAvatar: { image: 'https://cdn.example.com/logo.png', initials: null },
      accentColor: '#AA3300',
      backgroundColor: '#F7F7F7',
      maxMessageChars: 4000,
    });
  });

  it('issues a token without letting caches keep it', async () => {
    issue.mockResolvedValueOnce({ conversationId: 'c1', token: 't1', expires_in: 1800, userId: 'dl_u1' });
    const res = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(await res.json()).toEqual({
      conversationId: 'c1',
      token: 't1',
      expires_in: 1800,
      userId: 'dl_u1',
    });
  });

  it('answers 503 without internals when the token cannot be issued, and passes AppErrors on', async () => {
    issue.mockRejectedValueOnce(new Error('database path /secret/x is locked'));
    const failed = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    expect(failed.status).toBe(503);
    const body = await failed.text();
    expect(body).not.toContain('secret');
    expect(JSON.parse(body).error.code).toBe('ServiceUnavailable');

    issue.mockRejectedValueOnce(new AppError('TooManyRequests', 'Slow down.'));
    const limited = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    expect(limited.status).toBe(429);
  });

  it('limits new chats per client address', async () => {
    issue.mockResolvedValue({ conversationId: 'c', token: 't', expires_in: 1800, userId: 'u' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await fetch(`${base}/api/webchat/token`, { method: 'POST' })).status);
    }
    // Five per minute: three were used by the tests above.
    expect(statuses).toEqual([200, 200, 429, 429]);
    const res = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('serves the official Web Chat bundle gzipped, with an ETag that yields 304', async () => {
    const res = await fetch(`${base}/webchat/webchat.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toContain('max-age=31536000');
    const text = await res.text();
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text).toContain('renderWebChat');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${base}/webchat/webchat.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('serves uncompressed when the client does not accept gzip', async () => {
    const res = await fetch(`${base}/webchat/app.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toContain('webchat/join');
  });

  it('serves embed.js with its settings written in and open to other origins', async () => {
    const res = await fetch(`${base}/webchat/embed.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toContain('must-revalidate');
    const source = await res.text();
    expect(source).toContain(
      'var SETTINGS = {"title":"Contoso \\u003cIT> Help","titles":{"en":"Contoso \\u003cIT> Help"',
    );
    expect(source).toContain('"accentColor":"#AA3300"};');
    expect(() => new Function(source)).not.toThrow();
  });

  it('gzips the same bytes it would send plainly', async () => {
    const plain = await fetch(`${base}/webchat/app.css`, { headers: { 'accept-encoding': 'identity' } });
    // fetch would decode gzip itself; read the raw bytes to check what is really on the wire.
    const raw = await rawGet(`${base}/webchat/app.css`, { 'accept-encoding': 'gzip' });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers.vary).toContain('Accept-Encoding');
    expect(gunzipSync(raw.body).toString('utf8')).toBe(await plain.text());
  });
});

describe('web chat page title and avatar without branding settings', () => {
  let server: Server;
  let base: string;

  async function start(env: Record<string, string>) {
    const logger = silentLogger();
    server = createHttpServer({ bodyLimitBytes: 1024, logger });
    registerWebChatRoutes(server, {
      config: loadConfig(env),
      catalogue,
      logger,
      issueToken: jest.fn(),
      rateLimits: { rateLimiter: memoryRateLimiter },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('titles the page in its language from the message catalogue', async () => {
    await start({});
    const german = await (
      await fetch(`${base}/`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } })
    ).text();
    expect(german).toContain('<html lang="de">');
    expect(german).toContain('<title>IT-Helpdesk</title>');
    expect(german).toContain('<h1 class="fl-title">IT-Helpdesk</h1>');
    // The embed snippet's data-lang (?locale=) wins over the browser's languages.
    const romanian = await (
      await fetch(`${base}/?embed=1&locale=ro-RO`, { headers: { 'accept-language': 'de' } })
    ).text();
    expect(romanian).toContain('<html lang="ro">');
    expect(romanian).toContain('<title>Asistență IT</title>');
    // A data-lang FirstLine does not speak leaves the choice to the browser's languages.
    const french = await (
      await fetch(`${base}/?locale=fr-FR`, { headers: { 'accept-language': 'pl-PL,pl;q=0.9' } })
    ).text();
    expect(french).toContain('<html lang="pl">');
    const settings = (await (await fetch(`${base}/webchat/config.json`)).json()) as Record<string, unknown>;
    expect(settings.titles).toEqual({
      en: 'IT Help Desk',
      de: 'IT-Helpdesk',
      pl: 'Pomoc techniczna IT',
      ro: 'Asistență IT',
    });
    expect(settings.title).toBe('IT Help Desk');
  });

  it('draws the bot as the built-in picture, or as configured initials or image', async () => {
    await start({});
    const plain = (await (await fetch(`${base}/webchat/config.json`)).json()) as { botAvatar: unknown };
    expect(plain.botAvatar).toEqual({ image: '/webchat/bot-avatar.svg', initials: null });
    const svg = await fetch(`${base}/webchat/bot-avatar.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
    await new Promise<void>((resolve) => server.close(() => resolve()));

    await start({ WEBCHAT_BOT_AVATAR_INITIALS: 'IT', WEBCHAT_LOGO_URL: 'https://cdn.example.com/l.png' });
    const initials = (await (await fetch(`${base}/webchat/config.json`)).json()) as { botAvatar: unknown };
    expect(initials.botAvatar).toEqual({ image: null, initials: 'IT' });
    await new Promise<void>((resolve) => server.close(() => resolve()));

    await start({ WEBCHAT_BOT_AVATAR_URL: 'https://cdn.example.com/bot.png' });
    const image = (await (await fetch(`${base}/webchat/config.json`)).json()) as { botAvatar: unknown };
    expect(image.botAvatar).toEqual({ image: 'https://cdn.example.com/bot.png', initials: null });
  });

  it('refuses avatar initials longer than three letters', () => {
    expect(() => loadConfig({ WEBCHAT_BOT_AVATAR_INITIALS: 'ABCD' })).toThrow(/WEBCHAT_BOT_AVATAR_INITIALS/);
  });
});

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
