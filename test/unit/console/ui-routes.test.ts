import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { silentLogger } from '../../../src/logging';
import { createHttpServer } from '../../../src/server';
import {
  consolePageCsp,
  consolePublicDir,
  registerConsoleUiRoutes,
  teamsSdkFile,
  TEAMS_FRAME_ANCESTORS,
} from '../../../src/console/ui-routes';

describe('console page routes', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createHttpServer({ bodyLimitBytes: 1024, logger: silentLogger() });
    registerConsoleUiRoutes(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function directives(csp: string): Map<string, string[]> {
    return new Map(
      csp
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name = '', ...values]) => [name, values]),
    );
  }

  it('serves the page with a strict CSP that lets Teams frame it', async () => {
    const res = await fetch(`${base}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(consolePageCsp());
    const d = directives(csp);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    // Chat content never loads remote images.
    expect(d.get('img-src')).not.toContain('https:');
    expect(csp).not.toMatch(/unsafe-|\*(?!\.)|data:.*script/);
    for (const host of [
      'teams.microsoft.com',
      '*.teams.microsoft.com',
      '*.office.com',
      '*.microsoft365.com',
    ]) {
      expect(d.get('frame-ancestors')).toContain(`https://${host}`);
    }
    expect(d.get('frame-ancestors')).toEqual(["'self'", ...TEAMS_FRAME_ANCESTORS]);
    // X-Frame-Options: SAMEORIGIN would stop the Teams tab; frame-ancestors governs instead.
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>FirstLine console</title>');
  });

  it('has no inline script, inline style or inline event handler, so the CSP needs no exception', async () => {
    const html = await (await fetch(`${base}/console`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(3);
    for (const [, attrs = '', body = ''] of scripts) {
      expect(attrs).toMatch(/src="\/console\/[\w/.-]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/<style\b/i);
  });

  it('serves every script and stylesheet the page names, with the right types', async () => {
    const html = await (await fetch(`${base}/console`)).text();
    const urls = [...html.matchAll(/(?:src|href)="(\/console\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls).toEqual(expect.arrayContaining(['/console/console.css', '/console/js/app.js']));
    for (const url of urls) {
      const res = await fetch(`${base}${url}`);
      expect([url, res.status]).toEqual([url, 200]);
      const type = res.headers.get('content-type') ?? '';
      if (url.endsWith('.js')) expect(type).toBe('application/javascript; charset=utf-8');
      if (url.endsWith('.css')) expect(type).toBe('text/css; charset=utf-8');
      if (url.endsWith('.svg')) expect(type).toBe('image/svg+xml');
      await res.arrayBuffer();
    }
  });

  it('serves the notification chime itself, and the CSP lets the page play only its own audio', async () => {
    const res = await fetch(`${base}/console/notify.wav`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(body.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(body.length).toBeLessThan(32 * 1024);
    expect(directives(consolePageCsp()).get('media-src')).toEqual(["'self'"]);
  });

  it('serves the Teams SDK from the installed package', async () => {
    const res = await fetch(`${base}/console/vendor/MicrosoftTeams.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    // fetch decompresses the gzip transfer; the bytes must be the package's own bundle.
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(fs.readFileSync(teamsSdkFile()))).toBe(true);
    expect(path.basename(teamsSdkFile())).toBe('MicrosoftTeams.min.js');
  });

  it('answers HEAD and revalidation, and 404 for files it does not have', async () => {
    const head = await fetch(`${base}/console`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toBe(consolePageCsp());
    const first = await fetch(`${base}/console/js/app.js`);
    const etag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${base}/console/js/app.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${base}/console/js/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/console/js/../index.html`)).status).not.toBe(500);
    expect((await fetch(`${base}/console/public/index.html`)).status).toBe(404);
  });

  it('never builds markup from strings in its scripts (content is rendered as text)', () => {
    const dir = path.join(consolePublicDir(), 'js');
    for (const file of fs.readdirSync(dir)) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      expect([file, source]).not.toEqual([
        file,
        expect.stringMatching(/innerHTML|outerHTML|insertAdjacentHTML/),
      ]);
      expect([file, source]).not.toEqual([
        file,
        expect.stringMatching(/document\.write|\beval\(|new Function/),
      ]);
    }
  });
});
