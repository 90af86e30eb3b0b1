import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../../../src/cli/commands/kb';

const FIXTURES = path.join(__dirname, '../../../fixtures');
const GOOD = path.join(FIXTURES, 'kb/good');
const fixtureFlags = [
  '--taxonomy',
  path.join(GOOD, 'taxonomy.yaml'),
  '--org',
  path.join(GOOD, 'organisation.yaml'),
];

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => jest.restoreAllMocks());

describe('firstline kb', () => {
  it('check exits 0 on a good knowledge base', async () => {
    expect(await run(['check', '--kb', path.join(GOOD, 'kb'), ...fixtureFlags])).toBe(0);
    expect(out.at(-1)).toMatch(/^8 article\(s\) loaded, 0 error\(s\)/);
  });

  it('check prints file:line problems and exits 1 on errors', async () => {
    expect(await run(['check', '--kb', path.join(FIXTURES, 'kb/broken/kb'), ...fixtureFlags])).toBe(1);
    expect(err).toContainEqual(
      expect.stringMatching(
        /network\.wifi\/broken-link\.en\.md:\d+: error: link to unknown article kb:does-not-exist \[broken-link\]$/,
      ),
    );
  });

  it('check --json reports counts and problems', async () => {
    expect(await run(['check', '--json', '--kb', path.join(FIXTURES, 'kb/broken/kb'), ...fixtureFlags])).toBe(
      1,
    );
    const body = JSON.parse(out.join('')) as { ok: boolean; problems: { code: string }[] };
    expect(body.ok).toBe(false);
    expect(body.problems.map((p) => p.code)).toContain('duplicate-id');
  });

  it('import qna writes articles and a review report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-kbcli-'));
    try {
      const code = await run([
        'import',
        'qna',
        path.join(FIXTURES, 'import/qnamaker-export.json'),
        '--out',
        dir,
      ]);
      expect(code).toBe(0);
      expect(fs.existsSync(path.join(dir, 'account.password-reset/i-forgot-my-password.en.md'))).toBe(true);
      expect(fs.readFileSync(path.join(dir, '_import-report.md'), 'utf8')).toMatch(/## Needs review/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown topic and a missing --out', async () => {
    const file = path.join(FIXTURES, 'import/qnamaker-export.tsv');
    expect(await run(['import', 'qna', file, '--out', os.tmpdir(), '--topic', 'nope'])).toBe(2);
    expect(await run(['import', 'qna', file])).toBe(2);
  });
});
