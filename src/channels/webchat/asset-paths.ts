import fs from 'node:fs';
import path from 'node:path';

/**
 * The page's static files live next to the sources. `tsc` does not copy them into `dist/`, so the
 * compiled module looks back into `src/` unless a build step has placed them beside it.
 */
export function publicDir(): string {
  const candidates = [
    path.join(__dirname, 'public'),
    path.resolve(__dirname, '..', '..', '..', 'src', 'channels', 'webchat', 'public'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`web chat assets not found; looked in ${candidates.join(', ')}`);
  return found;
}

export interface WebChatBundle {
  file: string;
  version: string;
}

/**
 * The official Web Chat bundle from the installed package. Its `exports` map hides package.json,
 * so we resolve the main entry and walk up to the package root.
 */
export function webChatBundle(): WebChatBundle {
  let dir = path.dirname(require.resolve('botframework-webchat'));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'botframework-webchat') {
        return { file: path.join(dir, 'dist', 'webchat.js'), version: pkg.version ?? '0' };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('botframework-webchat package root not found');
    dir = parent;
  }
}
