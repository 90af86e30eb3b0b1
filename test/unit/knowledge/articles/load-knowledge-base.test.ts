import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadKnowledgeBase,
  formatProblem,
  hasBlockingErrors,
  type KbProblem,
} from '../../../../src/knowledge/articles';

const FIXTURES = path.join(__dirname, '../../../fixtures/kb');
const GOOD = path.join(FIXTURES, 'good');
const BROKEN_KB = path.join(FIXTURES, 'broken', 'kb');
const NOW = new Date('2026-11-22T12:00:00Z');

function load(kbDir: string) {
  return loadKnowledgeBase({
    kbDir,
    taxonomyFile: path.join(GOOD, 'taxonomy.yaml'),
    orgFile: path.join(GOOD, 'organisation.yaml'),
    now: NOW,
  });
}

/** The 1-based line of the first line containing `marker`, so fixtures can change freely. */
function lineOf(file: string, marker: string): number {
  const index = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`${marker} not in ${file}`);
  return index + 1;
}

describe('loadKnowledgeBase on a good knowledge base', () => {
  const kb = load(path.join(GOOD, 'kb'));

  it('loads every article without errors or warnings', () => {
    expect(kb.problems.map((p) => formatProblem(p))).toEqual([]);
    expect(kb.articles).toHaveLength(8);
  });

  it('splits the body into summary, one string per step and closing', () => {
    const en = kb.articles.find((a) => a.id === 'wifi-cannot-connect' && a.language === 'en');
    expect(en).toBeDefined();
    expect(en?.summary).toBe('Use this when your device cannot join the office wireless network.');
    expect(en?.steps).toHaveLength(3);
    // A continuation line belongs to the step above it.
    expect(en?.steps[0]).toBe(
      '**Turn Wi-Fi off and on again.** Select the network icon in the taskbar\nand switch Wi-Fi off, wait ten seconds, then switch it on.',
    );
    expect(en?.closing).toBe(
      'Call +44 20 7946 0000. If the printer is offline too, see [Printer offline](kb:printer-offline).',
    );
    expect(en?.related).toEqual(['printer-offline']);
  });

  it('renders placeholders in title and steps, per language where the value is localised', () => {
    const en = kb.articles.find((a) => a.id === 'wifi-cannot-connect' && a.language === 'en');
    const de = kb.articles.find((a) => a.id === 'wifi-cannot-connect' && a.language === 'de');
    expect(en?.title).toBe("Wi-Fi won't connect to Contoso-Staff (the staff network)");
    expect(en?.steps[1]).toContain('Remove Contoso-Staff (the staff network) from your');
    expect(de?.steps[1]).toContain('Entfernen Sie Contoso-Staff (das Mitarbeiter-WLAN)');
    const printer = kb.articles.find((a) => a.id === 'printer-offline' && a.language === 'pl');
    expect(printer?.steps[1]).toContain('https://print.contoso.example');
    expect(JSON.stringify(kb.articles)).not.toContain('{{');
  });

  it('records the source line of fields and steps', () => {
    const en = kb.articles.find((a) => a.id === 'wifi-cannot-connect' && a.language === 'en');
    const file = path.join(GOOD, 'kb/network.wifi/wifi-cannot-connect.en.md');
    expect(en?.file).toBe(file);
    expect(en?.lines.fields.topic).toBe(lineOf(file, 'topic: network.wifi'));
    expect(en?.lines.summary).toBe(lineOf(file, 'Use this when'));
    expect(en?.lines.steps).toEqual([
      lineOf(file, '1. **Turn'),
      lineOf(file, '2. **Forget'),
      lineOf(file, '3. **Restart'),
    ]);
  });
});

describe('loadKnowledgeBase on broken articles', () => {
  const kb = load(BROKEN_KB);
  const file = (name: string): string => path.join(BROKEN_KB, name);
  const problemsIn = (name: string): KbProblem[] => kb.problems.filter((p) => p.file === file(name));
  const expectProblem = (name: string, code: KbProblem['code'], marker: string, text?: RegExp): void => {
    const found = problemsIn(name).filter((p) => p.code === code);
    expect(found.map((p) => p.line)).toContain(lineOf(file(name), marker));
    if (text) expect(found.map((p) => p.message).join('\n')).toMatch(text);
  };

  it('never throws and keeps articles with errors in their own file out of the articles', () => {
    const ids = kb.articles.map((a) => `${a.id}.${a.language}`);
    // Cross-file problems (links, topics, duplicates) leave the article itself usable.
    expect(ids.sort()).toEqual([
      'broken-link.en',
      'printer-offline.en',
      'stale-review.en',
      'unknown-topic.en',
    ]);
    expect(kb.articles.find((a) => a.id === 'printer-offline')?.file).toBe(
      file('network.wifi/printer-offline.en.md'),
    );
    expect(hasBlockingErrors(kb.problems)).toBe(true);
  });

  it('reports a missing ## Steps heading and a heading without a numbered list', () => {
    expectProblem('network.wifi/no-steps-heading.en.md', 'no-steps', 'Summary.', /## Steps/);
    expectProblem('network.wifi/empty-list.en.md', 'no-steps', '## Steps', /numbered list/);
  });

  it('reports an empty step on its own line', () => {
    expectProblem('network.wifi/empty-step.en.md', 'empty-step', '2.', /step 2 is empty/);
  });

  it('reports unknown placeholders with their line, and renders the known ones', () => {
    expectProblem(
      'network.wifi/bad-placeholder.en.md',
      'unknown-placeholder',
      'org.wifiPassword',
      /org\.wifiPassword/,
    );
    expectProblem('network.wifi/bad-placeholder.en.md', 'unknown-placeholder', '{{ helpdesk }}', /helpdesk/);
    expect(
      problemsIn('network.wifi/bad-placeholder.en.md').filter((p) => p.code === 'unknown-placeholder'),
    ).toHaveLength(2);
  });

  it('reports a language that does not match the file suffix', () => {
    expectProblem('network.wifi/lang-mismatch.de.md', 'language-mismatch', 'language: en', /\.de\.md/);
  });

  it('reports topics missing from the taxonomy and files in the wrong folder', () => {
    expectProblem('network.wifi/unknown-topic.en.md', 'unknown-topic', 'topic:', /network\.bluetooth/);
    expectProblem('network.wifi/unknown-topic.en.md', 'topic-folder', 'topic:');
  });

  it('reports schema errors on the field line, and required fields that are absent', () => {
    expectProblem('network.wifi/bad-schema.en.md', 'schema', 'audience:', /audience\[0\]/);
    const owner = problemsIn('network.wifi/bad-schema.en.md').find((p) => p.message.startsWith('owner'));
    expect(owner).toMatchObject({ line: 1, severity: 'error', message: 'owner: is required' });
  });

  it('reports an empty examples list and a blank example', () => {
    expectProblem('network.wifi/empty-examples.en.md', 'examples', 'examples: []', /at least one example/);
    expectProblem('network.wifi/blank-example.en.md', 'examples', '- ""', /examples\[1\]/);
  });

  it('reports broken kb: links and unknown related ids, not valid ones', () => {
    expectProblem('network.wifi/broken-link.en.md', 'broken-link', 'kb:does-not-exist', /does-not-exist/);
    expectProblem('network.wifi/broken-link.en.md', 'unknown-related', 'related:', /no-such-article/);
    const messages = problemsIn('network.wifi/broken-link.en.md')
      .map((p) => p.message)
      .join('\n');
    expect(messages).not.toMatch(/kb:printer-offline|"printer-offline"/);
  });

  it('reports the same id and language defined twice', () => {
    const dupes = kb.problems.filter((p) => p.code === 'duplicate-id');
    expect(dupes).toHaveLength(1);
    expect(dupes[0]?.message).toMatch(/printer-offline/);
    expect(dupes[0]?.line).toBe(lineOf(file('printer/printer-offline.en.md'), 'id:'));
  });

  it('reports YAML syntax errors and files without front matter', () => {
    const yaml = problemsIn('network.wifi/bad-yaml.en.md');
    expect(yaml.length).toBeGreaterThan(0);
    expect(yaml.every((p) => p.code === 'front-matter' && p.line > 1)).toBe(true);
    expect(problemsIn('network.wifi/no-front-matter.en.md')).toEqual([
      expect.objectContaining({ code: 'front-matter', line: 1, severity: 'error' }),
    ]);
  });

  it('warns, without failing, about reviews older than 12 months', () => {
    const stale = problemsIn('network.wifi/stale-review.en.md').filter((p) => p.severity === 'error');
    expect(stale.map((p) => p.code)).toEqual(['missing-translation']);
    expectProblem('network.wifi/stale-review.en.md', 'stale-review', 'lastReviewed:', /2024-05-01/);
  });

  it('reports missing translations per id and topics without an article in some language', () => {
    const missing = kb.problems.filter((p) => p.code === 'missing-translation').map((p) => p.message);
    expect(missing).toContain('article "printer-offline" has no de, pl, ro version');
    expect(missing).toContain('article "lang-mismatch" has no de, pl, ro version');
    expect(missing.filter((m) => m.includes('"printer-offline"'))).toHaveLength(1);
    const coverage = kb.problems.filter((p) => p.code === 'topic-coverage').map((p) => p.message);
    expect(coverage).toEqual([
      'topic "network.wifi" has no article in de, pl, ro',
      'topic "printer" has no article in de, pl, ro',
    ]);
  });
});

/** The good knowledge base with `field` (front matter lines) added to the English Wi-Fi article. */
function withFrontMatter(field: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-kb-'));
  fs.cpSync(path.join(GOOD, 'kb'), dir, { recursive: true });
  const file = path.join(dir, 'network.wifi', 'wifi-cannot-connect.en.md');
  const text = fs
    .readFileSync(file, 'utf8')
    .replace('audience: [employee]', `audience: [employee]\n${field}`);
  fs.writeFileSync(file, text);
  const kb = load(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  return kb;
}

describe('faultSteps (the steps of a request topic article that troubleshoot a fault)', () => {
  const withFaultSteps = (value: string) => withFrontMatter(`faultSteps: ${value}`);

  it('are kept as written, [] included', () => {
    const article = (kb: ReturnType<typeof load>) =>
      kb.articles.find((a) => a.id === 'wifi-cannot-connect' && a.language === 'en');
    expect(article(withFaultSteps('[1, 3]'))?.faultSteps).toEqual([1, 3]);
    expect(article(withFaultSteps('[]'))?.faultSteps).toEqual([]);
  });

  it('reports a step the article does not have, a step 0 and a step listed twice', () => {
    const messages = (value: string) =>
      withFaultSteps(value)
        .problems.filter((p) => p.severity === 'error' && p.message.includes('faultSteps'))
        .map((p) => p.message);
    expect(messages('[2, 4]')).toEqual(['faultSteps: step 4 does not exist (3 steps)']);
    expect(messages('[0]')).toEqual(['faultSteps[0]: step numbers start at 1']);
    expect(messages('[2, 2]')).toEqual(['faultSteps: lists a step twice']);
  });
});

describe('startAt (where a walk-through starts)', () => {
  const withStartAt = (value: string) => withFrontMatter(`startAt:\n${value}`);
  const errors = (kb: ReturnType<typeof load>) =>
    kb.problems.filter((p) => p.severity === 'error' && p.message.includes('startAt')).map((p) => p.message);

  it('is kept as written', () => {
    const kb = withStartAt('  - step: 3\n    when: [hidden network, ssid]');
    const article = kb.articles.find((a) => a.id === 'wifi-cannot-connect' && a.language === 'en');
    expect(article?.startAt).toEqual([{ step: 3, when: ['hidden network', 'ssid'] }]);
    expect(errors(kb)).toEqual([]);
  });

  it('reports a step the article does not have, a step 0 and an entry without phrases', () => {
    expect(errors(withStartAt('  - step: 4\n    when: [ssid]'))).toEqual([
      'startAt: step 4 does not exist (3 steps)',
    ]);
    expect(errors(withStartAt('  - step: 0\n    when: [ssid]'))).toEqual([
      'startAt[0]: step numbers start at 1',
    ]);
    expect(errors(withStartAt('  - step: 2\n    when: []'))).toEqual([
      'startAt[0]: needs at least one phrase',
    ]);
  });
});
