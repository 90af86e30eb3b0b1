import { existsSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../src/cli/commands/eval';

// The corpus is shared data next to the repository, never copied into it.
const CORPUS = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'nlu-evaluation-corpora',
  'AskUbuntuCorpus.json',
);
const present = existsSync(CORPUS);

if (!present && !process.env.CI) {
  console.warn(`eval-askubuntu: skipped, ${CORPUS} not found (set CI=1 to make its absence fail)`);
}

describe('eval intents on the Ask Ubuntu corpus', () => {
  (present || process.env.CI ? it : it.skip)(
    'reaches micro-F1 0.92 (measured 0.9266) with the bot matcher',
    async () => {
      expect(existsSync(CORPUS)).toBe(true);
      const lines: string[] = [];
      const spy = jest
        .spyOn(console, 'log')
        .mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
      let code: number;
      try {
        code = await run(['intents', CORPUS, '--json']);
      } finally {
        spy.mockRestore();
      }
      expect(code).toBe(0);
      expect(lines).toHaveLength(1);
      const result = JSON.parse(lines[0] ?? '{}') as {
        microF1: number;
        total: number;
        perIntent: Record<string, unknown>;
        misclassified: unknown[];
      };
      console.log(
        `Ask Ubuntu micro-F1: ${result.microF1.toFixed(4)} (${result.misclassified.length} of ${result.total} wrong)`,
      );
      expect(result.total).toBe(109);
      expect(Object.keys(result.perIntent).sort()).toEqual([
        'Make Update',
        'None',
        'Setup Printer',
        'Shutdown Computer',
        'Software Recommendation',
      ]);
      // The acceptance bar of issue 3 (0.92; goal 0.93, not reached). Measured 0.9266: 101 of 109,
      // one sentence above the bar, so any regression of one sentence fails here.
      expect(result.microF1).toBeGreaterThanOrEqual(0.92);
    },
  );
});
