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
// Plain JavaScript on the compiled build (`npm test` builds first): no TypeScript loader in the
// writer, whose start-up under a loader occasionally hung the test.
const WRITER = `
const { SqliteBackend } = require(${JSON.stringify(path.join(ROOT, 'dist/storage/embedded/sqlite-backend.js'))});
const { silentLogger } = require(${JSON.stringify(path.join(ROOT, 'dist/logging'))});
(async () => {
  const backend = SqliteBackend.open({ dataDir: process.argv[2], logger: silentLogger() });
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
async function waitUntilDead(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let state: string | undefined;
    try {
      state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    } catch {
      return; // no such process any more
    }
    if (state === 'Z' || state === 'X') return;
    if (Date.now() > deadline) throw new Error(`writer ${pid} still running (state ${state})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('embedded storage durability', () => {
  it('keeps every acknowledged append when the process is killed with SIGKILL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-crash-'));
    try {
      const script = path.join(dir, 'writer.js');
      fs.writeFileSync(script, WRITER);
      const child = spawn(process.execPath, [script, path.join(dir, 'data')], {
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
      expect(child.kill('SIGKILL')).toBe(true);
      // The 'exit' event is not always delivered to a jest worker in time; the kernel's view of
      // the process is what matters: gone, or a zombie that can no longer write.
      await waitUntilDead(child.pid!);

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
