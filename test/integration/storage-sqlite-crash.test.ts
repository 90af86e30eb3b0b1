import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/logging';
import { SqliteBackend } from '../../src/storage/embedded/sqlite-backend';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Appends transcript lines, printing "ack <seq>" after each append has resolved. Bounded in
 * count and time so a writer can never outlive a failed test for long.
 */
const WRITER = `
import { SqliteBackend } from ${JSON.stringify(path.join(ROOT, 'src/storage/embedded/sqlite-backend'))};
import { silentLogger } from ${JSON.stringify(path.join(ROOT, 'src/logging'))};
(async () => {
  const backend = SqliteBackend.open({ dataDir: process.argv[2]!, logger: silentLogger() });
  const deadline = Date.now() + 15_000;
  for (let i = 0; i < 5_000 && Date.now() < deadline; i++) {
    const stored = await backend.transcripts.append({
      conversationId: 'crash', channelId: 'test', direction: 'incoming', at: new Date().toISOString(),
      type: 'message', from: { id: 'u', role: 'user' }, text: 'x'.repeat(200),
    });
    process.stdout.write('ack ' + stored.seq + '\\n');
  }
  process.exit(0);
})();
`;

// A killed process (unlike a power cut) leaves the OS page cache intact, so this checks that
// nothing acknowledged is still buffered in the process; it cannot tell synchronous=FULL from NORMAL.
describe('embedded storage durability', () => {
  it('keeps every acknowledged append when the process is killed with SIGKILL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-crash-'));
    try {
      const script = path.join(dir, 'writer.ts');
      fs.writeFileSync(script, WRITER);
      // node itself with tsx as a loader, not the tsx CLI: the CLI runs the script in a child
      // process, and SIGKILL to the CLI would leave that writer running.
      const child = spawn(process.execPath, ['--import', 'tsx', script, path.join(dir, 'data')], {
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: ROOT,
      });
      let acked = 0;
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
        child.stdout.on('data', (chunk: Buffer) => {
          for (const match of chunk.toString().matchAll(/ack (\d+)/g))
            acked = Math.max(acked, Number(match[1]));
          if (acked >= 200) {
            child.removeAllListeners('exit');
            resolve();
          }
        });
      });
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const backend = SqliteBackend.open({ dataDir: path.join(dir, 'data'), logger: silentLogger() });
      const seqs = (await backend.transcripts.list('crash')).map((entry) => entry.seq);
      await backend.close();
      expect(seqs.length).toBeGreaterThanOrEqual(acked);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
