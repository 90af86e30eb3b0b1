import fs from 'node:fs';
import path from 'node:path';

const HANDOFF = path.join(__dirname, '../../../src/handoff');
const MAX_LINES = 400;

function sources(): { file: string; text: string }[] {
  return fs
    .readdirSync(HANDOFF, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file, text: fs.readFileSync(path.join(HANDOFF, file), 'utf8') }));
}

describe('src/handoff stays small and below the bot', () => {
  it('has sources to check', () => {
    expect(sources().length).toBeGreaterThan(10);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = sources()
      .map(({ file, text }) => ({ file, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('imports nothing from src/dialogs or src/bot (they build on the hand-over, not the other way round)', () => {
    const imports = sources().flatMap(({ file, text }) =>
      [...text.matchAll(/from '([^']+)'/g)]
        .map((m) => m[1] ?? '')
        .filter((target) => /^(\.\.\/)+(dialogs|bot)(\/|$)/.test(target))
        .map((target) => `${file}: ${target}`),
    );
    expect(imports).toEqual([]);
  });
});
