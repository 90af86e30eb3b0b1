import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flowJsonSchema, parseFlow } from '../../../src/dialogs/flows';
import { run } from '../../../src/cli/commands/flows';

const FIXTURES = path.join(__dirname, '../../fixtures/flows');
const CONTENT = path.join(__dirname, '../../../content');

describe('flow schema and loader', () => {
  it('publishes the JSON Schema generated from the zod schema', () => {
    const committed: unknown = JSON.parse(
      fs.readFileSync(path.join(CONTENT, 'flows/flow.schema.json'), 'utf8'),
    );
    // Regenerate with `npx firstline flows schema` after changing flow-schema.ts.
    expect(committed).toEqual(flowJsonSchema());
  });

  it('fills defaults and keeps the definition typed', () => {
    const source = [
      'id: tiny',
      'topic: printer',
      'title: { en: T, de: T, pl: T, ro: T }',
      'triggers: { en: [a] }',
      'start: out',
      'nodes:',
      '  out: { type: escalate, category: printing }',
    ].join('\n');
    const { flow, problems } = parseFlow('/x/tiny.yaml', source);
    expect(problems).toEqual([]);
    expect(flow?.definition.nodes.out).toEqual({
      type: 'escalate',
      category: 'printing',
      priority: 'normal',
      skills: [],
    });
  });

  it('points schema problems at the line of the offending value', () => {
    const source = [
      'id: tiny',
      'topic: printer',
      'title: { en: T, de: T, pl: T, ro: T }',
      'triggers: { en: [a] }',
      'start: ask',
      'nodes:',
      '  ask:',
      '    type: question',
      '    input: number',
      '    text: { en: How many?, de: x, pl: x, ro: x }',
      '    validate: { min: one }',
      '    next: out',
      '  out: { type: ticket, category: printing, priority: whenever }',
    ].join('\n');
    const { flow, problems } = parseFlow('/x/tiny.yaml', source);
    expect(flow).toBeUndefined();
    expect(problems.map((p) => [p.line, p.code])).toEqual(
      expect.arrayContaining([
        [11, 'schema'],
        [13, 'schema'],
      ]),
    );
    expect(problems.find((p) => p.line === 13)?.message).toContain('nodes.out.priority');
  });

  it('requires the flow id to match the file name', () => {
    const source =
      'id: other\ntopic: printer\ntitle: { en: T }\ntriggers: { en: [a] }\nstart: x\nnodes:\n  x: { type: resolved, resolution: r }\n';
    const { problems } = parseFlow('/x/tiny.yaml', source);
    expect(problems).toEqual([expect.objectContaining({ code: 'file-name', line: 1 })]);
  });

  it('rejects duplicate keys, which YAML would otherwise silently merge', () => {
    const source = 'id: tiny\nid: tiny\ntopic: printer\n';
    expect(parseFlow('/x/tiny.yaml', source).problems[0]?.code).toBe('yaml');
  });
});

describe('firstline flows check', () => {
  let out: string[];
  let tmp: string;
  beforeEach(() => {
    out = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void out.push(line));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const args = (dir: string) => [
    'check',
    '--flows',
    dir,
    '--strings',
    path.join(CONTENT, 'flows/strings'),
    '--kb',
    path.join(CONTENT, 'kb'),
    '--taxonomy',
    path.join(CONTENT, 'taxonomy.yaml'),
    '--org',
    path.join(CONTENT, 'organisation.yaml'),
  ];

  it('passes good flows', async () => {
    expect(await run(args(path.join(FIXTURES, 'good')))).toBe(0);
    expect(out.at(-1)).toMatch(/flows check ok: 2 flows, 0 errors/);
  });

  it('prints file:line: problems and exits non-zero on errors', async () => {
    for (const name of ['broken-loop.yaml', 'broken-unknown-article.yaml']) {
      fs.copyFileSync(path.join(FIXTURES, name), path.join(tmp, name));
    }
    expect(await run(args(tmp))).toBe(1);
    const joined = out.join('\n');
    expect(joined).toMatch(/broken-loop\.yaml:14: error: loop with no way out/);
    expect(joined).toMatch(/broken-unknown-article\.yaml:10: error: .*no-such-article.*\[unknown-article\]/);
  });

  it('reports JSON with --json', async () => {
    fs.copyFileSync(
      path.join(FIXTURES, 'broken-unreachable.yaml'),
      path.join(tmp, 'broken-unreachable.yaml'),
    );
    expect(await run([...args(tmp), '--json'])).toBe(1);
    const report = JSON.parse(out.join('\n')) as { flows: number; errors: { code: string; line: number }[] };
    expect(report.flows).toBe(1);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'unreachable', line: 9 })]);
  });

  it('rejects unknown arguments', async () => {
    expect(await run(['check', '--nope'])).toBe(2);
  });
});

describe('placeholders in flow texts', () => {
  it('reports unknown {{...}} placeholders at their line', async () => {
    const { checkFlows } = await import('../../../src/dialogs/flows');
    const source = [
      'id: tiny',
      'topic: printer',
      'title: { en: T, de: T, pl: T, ro: T }',
      'triggers: { en: [a], de: [a], pl: [a], ro: [a] }',
      'start: tell',
      'nodes:',
      '  tell:',
      '    type: step',
      '    text:',
      '      en: "Call {{org.serviceDeskPhone}}"',
      '      de: "Rufen Sie {{org.helpdeskPhone}} an"',
      '      pl: "Zadzwoń {{org.serviceDeskPhone}}"',
      '      ro: "Sunați {{org.serviceDeskPhone}}"',
      '    next: { worked: done, failed: done }',
      '  done: { type: resolved, resolution: r }',
    ].join('\n');
    const { flow } = parseFlow('/x/tiny.yaml', source);
    const problems = checkFlows([flow!]).filter((p) => p.severity === 'error');
    expect(problems).toEqual([expect.objectContaining({ code: 'unknown-placeholder', line: 11 })]);
    expect(problems[0]?.message).toContain('{{org.helpdeskPhone}}');
  });
});
