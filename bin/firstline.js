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
