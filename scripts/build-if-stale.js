#!/usr/bin/env node
'use strict';
// `npm start` runs this instead of a full build: TypeScript's incremental build still spends
// seconds checking an unchanged project, so compile only when a source is newer than the output.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
// Written after every successful build (`npm run build` ends with `--mark`); tsc itself leaves its
// files alone when nothing changed, so their times say nothing about the last build.
const stamp = path.join(root, 'dist', '.built');
const inputs = [
  path.join(root, 'src'),
  ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => path.join(root, f)),
];

function newestChange(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestChange(path.join(entry, name)));
  return newest;
}

if (process.argv.includes('--mark')) {
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exit(0);
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (built > 0 && inputs.every((input) => newestChange(input) <= built)) process.exit(0);
process.stdout.write('Building FirstLine (sources changed since the last build)...\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
