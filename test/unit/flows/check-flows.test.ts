import fs from 'node:fs';
import path from 'node:path';
import {
  checkFlowContent,
  checkFlows,
  loadFlowFile,
  loadFlows,
  parseFlow,
  type FlowProblem,
  type FlowProblemCode,
} from '../../../src/dialogs/flows';

const FIXTURES = path.join(__dirname, '../../fixtures/flows');
const REFS = { articleIds: new Set(['printer-not-printing']), topics: new Set(['printer']) };

function errorsOf(name: string): FlowProblem[] {
  const loaded = loadFlowFile(path.join(FIXTURES, `${name}.yaml`));
  const problems = [...loaded.problems, ...(loaded.flow ? checkFlows([loaded.flow], REFS) : [])];
  return problems.filter((p) => p.severity === 'error');
}

describe('flows check on broken fixtures', () => {
  // Each fixture breaks one rule; the checker must name it, with the line, and nothing else.
  const cases: [string, FlowProblemCode, number[]][] = [
    ['broken-schema', 'schema', [9, 13]],
    ['broken-yaml', 'yaml', [9]],
    ['broken-unknown-node', 'unknown-node', [12]],
    ['broken-request-field', 'unknown-node', [20]],
    ['broken-unreachable', 'unreachable', [9]],
    ['broken-dead-end', 'dead-end', [11, 13]],
    ['broken-loop', 'endless-loop', [14]],
    ['broken-missing-translation', 'missing-translation', [4, 5, 10]],
    ['broken-unknown-article', 'unknown-article', [10]],
    ['broken-unknown-flow', 'unknown-flow', [8]],
    ['broken-unknown-topic', 'unknown-topic', [3]],
  ];

  it.each(cases)('%s is reported as %s at the right lines', (name, code, lines) => {
    const errors = errorsOf(name);
    expect(errors.map((e) => e.code)).toEqual(lines.map(() => code));
    expect(errors.map((e) => e.line).sort((a, b) => a - b)).toEqual(lines);
    for (const error of errors) expect(error.file).toBe(path.join(FIXTURES, `${name}.yaml`));
  });

  it('reports unknown facts and fact values', () => {
    const errors = errorsOf('broken-unknown-fact');
    expect(errors.map((e) => [e.code, e.line])).toEqual([
      ['unknown-fact', 11],
      ['unknown-fact-value', 17],
    ]);
    expect(errors[0]?.message).toContain('operatingSystem');
  });

  it('explains an unknown node type in one message', () => {
    const schema = errorsOf('broken-schema');
    expect(schema.some((e) => e.message.includes('unknown node type "finished"'))).toBe(true);
    expect(schema.some((e) => e.message.includes('options'))).toBe(true);
  });

  it('covers every error code the checker has with a fixture', () => {
    const names = fs.readdirSync(FIXTURES).filter((f) => f.startsWith('broken-'));
    const codes = new Set(names.flatMap((f) => errorsOf(f.replace(/\.yaml$/, '')).map((e) => e.code)));
    for (const code of [
      'schema',
      'yaml',
      'unknown-node',
      'unreachable',
      'dead-end',
      'endless-loop',
      'missing-translation',
      'unknown-article',
      'unknown-flow',
      'unknown-topic',
      'unknown-fact',
    ]) {
      expect(codes).toContain(code);
    }
  });
});

describe('flows check on good flows', () => {
  it('accepts the example flows with no errors', () => {
    const { flows, problems } = loadFlows(path.join(FIXTURES, 'good'));
    expect(problems).toEqual([]);
    expect(flows.map((f) => f.definition.id).sort()).toEqual(['demo-mobile-print', 'demo-printer']);
    expect(checkFlows(flows, REFS).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('reports a goto to a flow that is not loaded with it', () => {
    const { flows } = loadFlows(path.join(FIXTURES, 'good'));
    const alone = flows.filter((f) => f.definition.id === 'demo-printer');
    expect(checkFlows(alone, REFS).map((p) => p.code)).toContain('unknown-flow');
  });

  it('reports two flows with one id', () => {
    const { flows } = loadFlows(path.join(FIXTURES, 'good'));
    const first = flows[0]!;
    const problems = checkFlows([first, { ...first, file: '/tmp/copy.yaml' }], REFS);
    expect(problems.map((p) => p.code)).toContain('duplicate-id');
  });

  it('checks the content folder with its strings, knowledge base and taxonomy', () => {
    const content = path.join(__dirname, '../../../content');
    const result = checkFlowContent({
      flowsDir: path.join(FIXTURES, 'good'),
      stringsDir: path.join(content, 'flows/strings'),
      kbDir: path.join(content, 'kb'),
      taxonomyFile: path.join(content, 'taxonomy.yaml'),
      orgFile: path.join(content, 'organisation.yaml'),
    });
    expect(result.strings).toBeDefined();
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('flows check on the request form', () => {
  const en = (text: string) => `{ en: "${text}", de: "${text}", pl: "${text}", ro: "${text}" }`;
  /** A minimal flow; `head` is its top level besides id, title, start and nodes. */
  const flow = (id: string, head: string, text = 'What for {{request.topic}}?') =>
    [
      `id: ${id}`,
      head,
      `title: ${en('Request')}`,
      'start: ask',
      'nodes:',
      '  ask:',
      '    type: question',
      '    input: text',
      `    text: ${en(text)}`,
      '    next: done',
      '  done:',
      '    type: ticket',
      '    category: service-request',
      `    text: ${en('Sent: {{request.summary}}')}`,
      '    request:',
      `      fields: [{ label: What, answer: ask, userLabel: ${en('What')} }]`,
    ].join('\n');
  const parsed = (id: string, head: string, text?: string) => {
    const result = parseFlow(`/flows/${id}.yaml`, flow(id, head, text));
    return { ...result, all: [...result.problems, ...(result.flow ? checkFlows([result.flow], REFS) : [])] };
  };

  it('accepts a form without topic, triggers or team, with the engine placeholders', () => {
    expect(parsed('form', 'requestForm: true').all).toEqual([]);
  });

  it('reports a form with triggers or a topic, and a flow without them', () => {
    const withTopic = parsed('form', 'requestForm: true\ntopic: printer').all;
    expect(withTopic.map((p) => [p.code, p.message])).toEqual([
      ['schema', 'topic: the request form has no topic'],
    ]);
    const plain = parsed('plain', '').all.map((p) => p.message);
    expect(plain).toEqual(['topic: a flow needs topic', 'triggers: a flow needs triggers']);
  });

  it('reports a placeholder the engine does not fill', () => {
    const problems = parsed('form', 'requestForm: true', 'For {{request.person}}?').all;
    // Once per language the text is written in.
    expect(problems.map((p) => p.code)).toEqual(Array(4).fill('unknown-placeholder'));
    expect(problems[0]?.message).toContain('{{request.person}}');
  });

  it('reports a second request form', () => {
    const first = parsed('form', 'requestForm: true').flow!;
    const second = parsed('other-form', 'requestForm: true').flow!;
    const problems = checkFlows([first, second], REFS);
    expect(problems.map((p) => [p.code, p.file])).toEqual([['duplicate-id', '/flows/other-form.yaml']]);
  });
});
