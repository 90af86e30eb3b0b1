import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/firstline.js');

/**
 * Runs `firstline <command>` with a preload that, in any process started with a semi-space flag,
 * prints that process's Node flags and stops before the command runs (no server is started).
 */
function nodeFlagsOf(command: string, nodeFlags: string[] = []) {
  const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fl-heap-')), 'report-flags.js');
  fs.writeFileSync(
    preload,
    `if (process.execArgv.some((f) => f.includes('semi-space'))) {\n` +
      `  process.stdout.write('FLAGS ' + process.execArgv.join(' ') + '\\n');\n` +
      `  process.exit(0);\n` +
      `}\n`,
  );
  return spawnSync(process.execPath, [...nodeFlags, '--require', preload, BIN, command], {
    encoding: 'utf8',
    // Without the re-execution, serve would start a server: the timeout turns that into a failure.
    timeout: 30_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

describe('the heap flag of firstline serve', () => {
  it('re-executes serve with a young generation of at most 16 MiB per semi-space and a slower-growing old one', () => {
    const result = nodeFlagsOf('serve');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^FLAGS .*--max-semi-space-size=16/m);
    expect(result.stdout).toMatch(/^FLAGS .*--heap-growing-percent=30/m);
  });

  it("keeps the old generation's growth the operator chose, and adds the semi-space size", () => {
    const result = nodeFlagsOf('serve', ['--heap-growing-percent=50']);
    expect(result.stdout).toMatch(/^FLAGS .*--heap-growing-percent=50/m);
    expect(result.stdout).not.toMatch(/--heap-growing-percent=30/);
    expect(result.stdout).toMatch(/^FLAGS .*--max-semi-space-size=16/m);
  });

  it('keeps a semi-space size the operator chose', () => {
    const result = nodeFlagsOf('serve', ['--max-semi-space-size=8']);
    expect(result.stdout).toMatch(/^FLAGS .*--max-semi-space-size=8/m);
    expect(result.stdout).not.toMatch(/--max-semi-space-size=16/);
  });

  it('leaves other commands as they are', () => {
    const result = nodeFlagsOf('help');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/^FLAGS/m);
    expect(result.stdout).toMatch(/Usage: firstline <command>/);
  });
});
