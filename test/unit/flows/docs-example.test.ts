import fs from 'node:fs';
import path from 'node:path';
import { checkFlows, parseFlow } from '../../../src/dialogs/flows';

describe('docs/authoring-flows.md', () => {
  it('shows an example flow that passes the check', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../../docs/authoring-flows.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const { flow, problems } = parseFlow('/docs/mobile-print.yaml', yaml!);
    expect(problems).toEqual([]);
    const found = checkFlows([flow!], { topics: new Set(['printer']), articleIds: new Set() });
    expect(found.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
