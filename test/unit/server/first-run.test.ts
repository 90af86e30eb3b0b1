import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { resolveLogFormat } from '../../../src/logging';
import { localBaseUrl, startupBanner } from '../../../src/server';

describe('startup banner', () => {
  it('names the chat, the console, how to add a technician and where data is kept', () => {
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: '/srv/firstline/data' });
    const banner = startupBanner({ config, port: 3978, storageKind: 'sqlite' });
    expect(banner).toContain('http://localhost:3978/\n');
    expect(banner).toContain('http://localhost:3978/console');
    expect(banner).toContain('npx firstline technicians add');
    expect(banner).toContain('/srv/firstline/data (SQLite)');
  });

  it('uses PUBLIC_URL when set and names the MongoDB database otherwise', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://help.example.com/', MONGODB_DB: 'desk' });
    expect(localBaseUrl(config, 3978)).toBe('https://help.example.com');
    expect(startupBanner({ config, port: 3978, storageKind: 'mongodb' })).toContain('database "desk"');
  });
});

describe('log format', () => {
  it('is readable at a terminal in development and JSON everywhere else', () => {
    expect(resolveLogFormat('auto', { production: false, isTerminal: true })).toBe('pretty');
    expect(resolveLogFormat('auto', { production: false, isTerminal: false })).toBe('json');
    expect(resolveLogFormat('auto', { production: true, isTerminal: true })).toBe('json');
    expect(resolveLogFormat('json', { production: false, isTerminal: true })).toBe('json');
    expect(resolveLogFormat('pretty', { production: true, isTerminal: false })).toBe('pretty');
  });
});

describe('npm start builds only when a source changed', () => {
  // A copy of the script in a tiny project whose "build" only counts how often it ran.
  function project(): { root: string; builds: () => number; start: () => void } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-build-'));
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.mkdirSync(path.join(root, 'dist'));
    fs.copyFileSync(
      path.join(__dirname, '../../../scripts/build-if-stale.js'),
      path.join(root, 'scripts/build-if-stale.js'),
    );
    const count = path.join(root, 'builds.txt');
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({
        scripts: {
          build: `node -e "require('fs').appendFileSync('${count}', 'x')" && node scripts/build-if-stale.js --mark`,
        },
      }),
    );
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{}');
    fs.writeFileSync(path.join(root, 'tsconfig.build.json'), '{}');
    fs.writeFileSync(path.join(root, 'src/app.ts'), 'export {};\n');
    return {
      root,
      builds: () => (fs.existsSync(count) ? fs.readFileSync(count, 'utf8').length : 0),
      start: () => {
        execFileSync(process.execPath, ['scripts/build-if-stale.js'], { cwd: root, stdio: 'ignore' });
      },
    };
  }

  it('builds the first time, skips when nothing changed, builds again after an edit', () => {
    const p = project();
    p.start();
    expect(p.builds()).toBe(1);
    p.start();
    expect(p.builds()).toBe(1);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(p.root, 'src/app.ts'), later, later);
    p.start();
    expect(p.builds()).toBe(2);
  });
});
