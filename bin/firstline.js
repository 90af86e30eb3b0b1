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
// The server's heap is sized by two flags, which must be set when the process starts, so `serve`
// re-executes itself (same pid, same arguments) with those the operator did not choose:
// - a young generation of at most 2 x 16 MiB. Left to itself, V8 grows it to 2 x 64 MiB while the
//   libraries and the knowledge base load and never gives that back: ~95 MiB of RSS that an idle or
//   steady server does not need (measured with bench/startup-memory.ts);
// - the old generation's limit grown by 30 % of what is live after each full collection instead of
//   V8's own factor (up to 2x): under load the turns' garbage otherwise piles up to ~75 MiB beyond
//   the live heap before it is collected (RSS after 3,000 one-turn conversations 396 -> 352 MiB at
//   the same CPU per turn, measured with bench/run.ts's conversations row on a small scale).
const SERVE_HEAP_FLAGS = [
  { flag: '--max-semi-space-size=16', chosen: /^--(max|min)[-_]semi[-_]space[-_]size/ },
  { flag: '--heap-growing-percent=30', chosen: /^--heap[-_]growing[-_]percent/ },
];
const givenFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS || '').split(/\s+/)];
const missingHeapFlags = SERVE_HEAP_FLAGS.filter(
  ({ chosen }) => !givenFlags.some((flag) => chosen.test(flag)),
);
if (process.argv[2] === 'serve' && missingHeapFlags.length > 0 && typeof process.execve === 'function') {
  process.execve(process.execPath, [
    process.execPath,
    ...process.execArgv,
    ...missingHeapFlags.map(({ flag }) => flag),
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
