import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { StaticAsset } from '../channels/webchat/static-asset';

/** Hosts that may frame the console: Teams (classic and new), Outlook and the Microsoft 365 app. */
export const TEAMS_FRAME_ANCESTORS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
] as const;

const JS = 'application/javascript; charset=utf-8';
// Not versioned URLs: browsers revalidate with the ETag, which costs a 304 and nothing more.
const REVALIDATE = 'no-cache';
const TEAMS_SDK_ROUTE = '/console/vendor/MicrosoftTeams.min.js';
const MARKDOWN_ROUTE = '/console/vendor/markdown-it.min.js';
const CHART_ROUTE = '/console/vendor/chart.umd.min.js';

/**
 * The console page's Content-Security-Policy: scripts and styles only from this server, no inline
 * code, no remote images (chat content is rendered as text), and framing only by this site and
 * the Microsoft 365 hosts that show it as a Teams tab.
 */
export function consolePageCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // blob: for previews of users' screenshots, fetched from the access-checked API.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // The notification chime (/console/notify.wav).
    "media-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    ['frame-ancestors', "'self'", ...TEAMS_FRAME_ANCESTORS].join(' '),
  ].join('; ');
}

/**
 * The technician console's static front end at `/console`: the page, its scripts and styles, and
 * the Microsoft Teams JavaScript SDK from the installed package (used for SSO inside Teams). The
 * console's API lives under `/api/console` and is registered elsewhere.
 */
export function registerConsoleUiRoutes(server: Server): void {
  const dir = consolePublicDir();
  const read = (...parts: string[]) => fs.readFileSync(path.join(dir, ...parts));
  const page = new StaticAsset(read('index.html'), 'text/html; charset=utf-8', REVALIDATE);
  const files = new Map<string, StaticAsset>([
    ['/console/favicon.svg', new StaticAsset(read('favicon.svg'), 'image/svg+xml', 'public, max-age=86400')],
    // Played on a new hand-over or a user's reply, when the technician has the sound on.
    ['/console/notify.wav', new StaticAsset(read('notify.wav'), 'audio/wav', 'public, max-age=86400')],
    [TEAMS_SDK_ROUTE, new StaticAsset(fs.readFileSync(teamsSdkFile()), JS, 'public, max-age=86400')],
    [MARKDOWN_ROUTE, new StaticAsset(fs.readFileSync(markdownItFile()), JS, 'public, max-age=86400')],
    // The Insights page's charts: chart.js's browser build from node_modules, never a CDN.
    [CHART_ROUTE, new StaticAsset(fs.readFileSync(chartJsFile()), JS, 'public, max-age=86400')],
  ]);
  for (const file of fs.readdirSync(dir)) {
    if (file.endsWith('.css'))
      files.set(`/console/${file}`, new StaticAsset(read(file), 'text/css; charset=utf-8', REVALIDATE));
  }
  for (const file of fs.readdirSync(path.join(dir, 'js'))) {
    if (file.endsWith('.js'))
      files.set(`/console/js/${file}`, new StaticAsset(read('js', file), JS, REVALIDATE));
  }

  const sendPage = async (req: Request, res: Response) => {
    // frame-ancestors decides who may frame the page; the legacy header would forbid Teams.
    res.removeHeader('x-frame-options');
    await page.send(req, res, { 'content-security-policy': consolePageCsp() });
  };
  // The router ignores a trailing slash, so this also serves `/console/`.
  server.get('/console', sendPage);
  server.head('/console', sendPage);
  for (const [route, asset] of files) {
    const handler = async (req: Request, res: Response) => asset.send(req, res);
    server.get(route, handler);
    server.head(route, handler);
  }
}

/** `tsc` does not copy the static files into `dist/`, so the compiled module looks back into `src/`. */
export function consolePublicDir(): string {
  const candidates = [
    path.join(__dirname, 'public'),
    path.resolve(__dirname, '..', '..', 'src', 'console', 'public'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`console assets not found; looked in ${candidates.join(', ')}`);
  return found;
}

/** The SDK's browser bundle; its `exports` map hides the file, so resolve from the package root. */
export function teamsSdkFile(): string {
  const entry = require.resolve('@microsoft/teams-js');
  let dir = path.dirname(entry);
  for (;;) {
    const candidate = path.join(dir, 'dist', 'umd', 'MicrosoftTeams.min.js');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('@microsoft/teams-js browser bundle not found');
    dir = parent;
  }
}

/** markdown-it's browser bundle (UMD, `window.markdownit`), found from the package's main entry. */
export function markdownItFile(): string {
  let dir = path.dirname(require.resolve('markdown-it'));
  for (;;) {
    const candidate = path.join(dir, 'dist', 'markdown-it.min.js');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('markdown-it browser bundle not found');
    dir = parent;
  }
}

/** chart.js's UMD build; its `exports` map hides dist/, so resolve from the package entry. */
export function chartJsFile(): string {
  const file = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  if (!fs.existsSync(file)) throw new Error('chart.js browser bundle not found');
  return file;
}
