import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/firstline.js');

function runWithNodeVersion(version: string) {
  const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fl-node-')), 'pretend.js');
  fs.writeFileSync(preload, `Object.defineProperty(process.versions, 'node', { value: '${version}' });\n`);
  return spawnSync(process.execPath, ['--require', preload, BIN, 'help'], { encoding: 'utf8' });
}

describe('the firstline bin on an old Node', () => {
  it('stops at once with a clear message on Node 20', () => {
    const result = runWithNodeVersion('20.11.1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs Node\.js 22 or newer; this is Node\.js 20\.11\.1/);
    expect(result.stderr).toMatch(/npm install --prefix .* node@24/);
  });

  it('runs on Node 22 and newer', () => {
    const result = runWithNodeVersion('22.12.0');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: firstline <command>/);
  });
});
