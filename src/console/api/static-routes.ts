import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { errorBody } from '../../errors';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Teams shows the console as a tab, so those hosts may frame it; nobody else. */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.cloud.microsoft https://*.office.com",
].join('; ');

export function publicDir(): string {
  // Same folder from src/ (tsx, jest) and dist/ (the build copies public/ next to the code).
  const beside = path.join(__dirname, '..', 'public');
  return fs.existsSync(beside) ? beside : path.resolve(__dirname, '../../../src/console/public');
}

function teamsSdkFile(): string | undefined {
  try {
    const pkg = require.resolve('@microsoft/teams-js/package.json');
    const file = path.join(path.dirname(pkg), 'dist', 'umd', 'MicrosoftTeams.min.js');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The console page and its assets (`src/console/public`), plus the Teams JS SDK the page loads
 * for SSO. Paths are resolved inside the public folder only; anything else is 404.
 */
export function registerConsoleStatic(server: Server): void {
  const root = publicDir();
  const sdk = teamsSdkFile();
  const serve = (file: string | undefined, req: Request, res: Response): void => {
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.send(404, errorBody('NotFound', 'Not found.'));
      return;
    }
    const body = fs.readFileSync(file);
    res.removeHeader('x-frame-options');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': file.endsWith('.html') ? 'no-cache' : 'public, max-age=300',
      'content-security-policy': CONSOLE_CSP,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const page = async (req: Request, res: Response) => serve(path.join(root, 'index.html'), req, res);
  const asset = async (req: Request, res: Response) => {
    const relative = decodeURIComponent(req.path().slice('/console/'.length));
    if (relative === 'vendor/MicrosoftTeams.min.js') return serve(sdk, req, res);
    const file = path.resolve(root, relative);
    serve(file.startsWith(root + path.sep) ? file : undefined, req, res);
  };
  for (const method of ['get', 'head'] as const) {
    server[method]('/console', page);
    server[method]('/console/*', asset);
  }
}
