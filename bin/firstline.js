#!/usr/bin/env node
'use strict';
// Plain JavaScript on purpose: it must run on any Node to tell an old one clearly what is wrong.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `FirstLine needs Node.js 22 or newer; this is Node.js ${process.versions.node}.\n` +
      'Install a current LTS (for example: npm install --prefix ~/.node24 node@24, then put ~/.node24/node_modules/.bin first on PATH).\n',
  );
  process.exit(1);
}
// The server runs with a young generation of at most 2 x 16 MiB. Left to itself, V8 grows it to
// 2 x 64 MiB while the libraries and the knowledge base load and never gives that back: ~95 MiB of RSS
// that an idle or steady server does not need (measured with bench/startup-memory.ts). Flags of the
// heap must be set when the process starts, so `serve` re-executes itself with the flag (same pid, same
// arguments) unless the operator already chose a semi-space size.
const SERVE_HEAP_FLAG = '--max-semi-space-size=16';
const serveHeapFlagChosen = [...process.execArgv, ...(process.env.NODE_OPTIONS || '').split(/\s+/)].some(
  (flag) => /^--(max|min)[-_]semi[-_]space[-_]size/.test(flag),
);
if (process.argv[2] === 'serve' && !serveHeapFlagChosen && typeof process.execve === 'function') {
  process.execve(process.execPath, [
    process.execPath,
    ...process.execArgv,
    SERVE_HEAP_FLAG,
    ...process.argv.slice(1),
  ]);
}
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('FirstLine is not built yet: run `npm install` (or `npm run build`) first.\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`firstline: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
