import fs from 'node:fs';
import path from 'node:path';
import { copyShippedContent, runContentCheck, SHIPPED_CONTENT } from '../../helpers/content-copy';
import { defaultContentPaths, loadWords } from '../../../src/content';
import { extractFacts } from '../../../src/dialogs/facts';
import { LANGUAGES } from '../../../src/i18n';

const SHIPPED = SHIPPED_CONTENT;
const copyContent = (): string => copyShippedContent('firstline-words-');
const check = runContentCheck;

/** Replaces the first line matching `find` in a file; returns that line's 1-based number. */
function breakLine(file: string, find: RegExp, replace: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => find.test(line));
  if (index < 0) throw new Error(`${String(find)} is not in ${file}`);
  lines[index] = lines[index]!.replace(find, replace);
  fs.writeFileSync(file, lines.join('\n'));
  return index + 1;
}

describe('content/words', () => {
  let dir: string;
  beforeEach(() => (dir = copyContent()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has valid word lists for every language', () => {
    const { words, problems } = loadWords(defaultContentPaths(SHIPPED));
    expect(problems).toEqual([]);
    expect(Object.keys(words ?? {}).sort()).toEqual([...LANGUAGES].sort());
  });

  it('loads a further language from its file alone', () => {
    fs.copyFileSync(path.join(dir, 'words/en.yaml'), path.join(dir, 'words/fr.yaml'));
    const { words } = loadWords(defaultContentPaths(dir));
    expect(Object.keys(words ?? {}).sort()).toEqual(['de', 'en', 'fr', 'pl', 'ro']);
  });

  it('reads device and urgency words from the content', () => {
    const file = path.join(dir, 'words/de.yaml');
    breakLine(file, /^ {4}desktop: \[/, '    desktop: [rechenknecht*, ');
    breakLine(file, /^ {4}urgent: \[/, '    urgent: [brennt, ');
    const { words } = loadWords(defaultContentPaths(dir));
    const text = 'Mein Rechenknecht startet nicht, es brennt';
    expect(extractFacts(text)).toEqual({});
    expect(extractFacts(text, words)).toEqual({ deviceType: 'desktop', urgency: 'urgent' });
  });

  it('without a words folder, the shipped lists apply with a warning', async () => {
    fs.rmSync(path.join(dir, 'words'), { recursive: true });
    const { words, problems } = loadWords(defaultContentPaths(dir));
    expect(Object.keys(words ?? {}).sort()).toEqual([...LANGUAGES].sort());
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});

describe('firstline content check: word lists', () => {
  let dir: string;
  beforeEach(() => (dir = copyContent()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    {
      what: 'broken YAML',
      file: 'words/pl.yaml',
      find: /^ {2}no: \[nie, niestety\]$/,
      replace: '  no: [nie, niestety]]',
    },
    { what: 'a word with diacritics', file: 'words/de.yaml', find: /\[zuruck,/, replace: '[zurück,' },
    {
      what: 'a list that is not a list',
      file: 'words/en.yaml',
      find: /^ {2}outrage: .*$/,
      replace: '  outrage: ridiculous',
    },
    {
      what: 'two words where one is expected',
      file: 'words/ro.yaml',
      find: /^ {2}stop: \[gata,/,
      replace: '  stop: [gata acum,',
    },
    { what: 'an unknown kind', file: 'words/en.yaml', find: /^ {2}weakFirst:/, replace: '  weakFrist:' },
    {
      what: 'a rating word with diacritics',
      file: 'words/ro.yaml',
      find: /^ {2}five: \[foarte multumit\*,/,
      replace: '  five: [foarte mulțumit*,',
    },
    {
      what: 'a follow-up phrase that is not words',
      file: 'words/pl.yaml',
      find: /^ {2}notHeld: \[nadal nie dziala,/,
      replace: '  notHeld: [nadal nie dziala!,',
    },
  ])('fails for $what, naming $file and its line', async ({ file, find, replace }) => {
    const line = breakLine(path.join(dir, file), find, replace);
    const { code, output } = await check(dir);
    expect(code).toBe(1);
    expect(output).toContain(`${file}:${line}: error`);
  });

  it('fails for a missing language file, naming it', async () => {
    fs.rmSync(path.join(dir, 'words/ro.yaml'));
    const { code, output } = await check(dir);
    expect(code).toBe(1);
    expect(output).toContain('words/ro.yaml:1: error: file is missing');
  });

  it('says what is wrong with an unfolded word and a forgotten list', async () => {
    breakLine(path.join(dir, 'words/de.yaml'), /\[zuruck,/, '[zurück,');
    breakLine(path.join(dir, 'words/de.yaml'), /^ {2}weakFirst: \[\]$/, '');
    const { output } = await check(dir);
    expect(output).toMatch(/back\.phrases\.0: write it folded/);
    expect(output).toMatch(/choices\.weakFirst: missing \(write \[\] for an empty list\)/);
  });
});
