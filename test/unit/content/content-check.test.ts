import fs from 'node:fs';
import path from 'node:path';
import { copyShippedContent, runContentCheck, SHIPPED_CONTENT } from '../../helpers/content-copy';

const SHIPPED = SHIPPED_CONTENT;
const copyContent = (): string => copyShippedContent('firstline-content-');
const check = runContentCheck;

interface Breakage {
  kind: string;
  /** Relative to the content folder. */
  file: string;
  /** The first line matching this is replaced; the check must name that line. */
  find: RegExp;
  replace: string;
}

/** One broken file per content kind; each must fail the check at the line that was broken. */
const BREAKAGES: Breakage[] = [
  {
    kind: 'flow strings (placeholders)',
    file: 'flows/strings/ro.yaml',
    find: /^retry\.number:/,
    replace: 'retry.number: "Un număr între {min} și {maxim}."',
  },
  { kind: 'flow strings (YAML)', file: 'flows/strings/de.yaml', find: /^yes:/, replace: 'yes: "Ja' },
  {
    kind: 'redaction markers (missing language key)',
    file: 'privacy/messages/pl.yaml',
    find: /^marker\.iban:/,
    replace: 'marker.ibanx: "[IBAN usunięty]"',
  },
  { kind: 'redaction notices (not text)', file: 'privacy/messages/en.yaml', find: /^notice\.iban:/, replace: 'notice.iban: [1]' },
  { kind: 'UI strings (YAML)', file: 'i18n/de.yaml', find: /^welcome:/, replace: 'welcome: "Hallo {botName' },
  { kind: 'UI strings (placeholders)', file: 'i18n/pl.yaml', find: /^welcome:/, replace: 'welcome: "Cześć {bot}!"' },
  { kind: 'diagnostic flow', file: 'flows/printer-troubleshooting.yaml', find: /^topic:/, replace: 'topic: 42' },
  { kind: 'knowledge article front matter', file: 'kb/printer/printer-not-printing.en.md', find: /^language:/, replace: 'language: xx' },
  { kind: 'small talk', file: 'small-talk/pl.yaml', find: /^startTopicsTitle:/, replace: 'startTopicsTitle: ""' },
  { kind: 'support hours (YAML)', file: 'support.yaml', find: /^timeZone:/, replace: 'timeZone: Europe/Berlin: CET' },
  { kind: 'support hours', file: 'support.yaml', find: /^timeZone:/, replace: 'timeZone: Mars/Olympus' },
  { kind: 'canned replies', file: 'canned-replies.yaml', find: /- id: greeting/, replace: '  - id: Greeting!' },
  { kind: 'organisation', file: 'organisation.yaml', find: /^serviceDeskPhone:/, replace: 'serviceDeskFax: 1' },
  { kind: 'taxonomy', file: 'taxonomy.yaml', find: /^ {4}owner:/, replace: '    owner: ""' },
  {
    // Unquoted, the comma ends the label and makes "Excel and PowerPoint files" a key of its own.
    kind: 'taxonomy (label with a comma)',
    file: 'taxonomy.yaml',
    find: /^ {4}labels:/,
    replace: '    labels: { en: Word, Excel and PowerPoint files, de: Word, pl: Word, ro: Word }',
  },
  { kind: 'redaction keywords', file: 'privacy/keywords.yaml', find: /^strict:/, replace: 'strict: pass' },
  { kind: 'redaction common words', file: 'privacy/common-words.yaml', find: /^ {2}one, two, three,/, replace: '  one, two, {three: 3},' },
  { kind: 'word lists', file: 'words/de.yaml', find: /^ {2}prefixes: \[sprache\]/, replace: '  prefixes: sprache' },
  { kind: 'synonyms', file: 'synonyms/it-helpdesk.yaml', find: /- concept: password/, replace: '  - concept: Pass Word' },
];

describe('firstline content check', () => {
  it('passes the shipped content', async () => {
    const { code, output } = await check(SHIPPED);
    expect(output).toMatch(/content check ok/);
    expect(code).toBe(0);
  });

  it.each(BREAKAGES)('fails for a broken $kind file, naming $file and its line', async (breakage) => {
    const dir = copyContent();
    const file = path.join(dir, breakage.file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => breakage.find.test(line));
    expect(index).toBeGreaterThanOrEqual(0);
    lines[index] = breakage.replace;
    fs.writeFileSync(file, lines.join('\n'));

    const { code, output } = await check(dir);
    expect(code).toBe(1);
    expect(output).toContain(`${breakage.file}:${index + 1}: error`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
