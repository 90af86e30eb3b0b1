import {
  loadSynonymGroups,
  synonymFileSchema,
  DEFAULT_SYNONYMS_DIR,
} from '../../../../src/knowledge/matcher/synonyms';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('synonym files', () => {
  it('the shipped content/synonyms files are valid and cover the basics', () => {
    const groups = loadSynonymGroups(DEFAULT_SYNONYMS_DIR);
    const concepts = groups.map((g) => g.concept);
    expect(concepts).toEqual(expect.arrayContaining(['password', 'wifi', 'vpn', 'computer']));
    expect(new Set(concepts).size).toBe(concepts.length);
  });
  it('rejects an invalid file with its name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'syn-'));
    writeFileSync(path.join(dir, 'bad.yaml'), 'groups:\n  - concept: Not Valid\n    en: [x]\n');
    expect(() => loadSynonymGroups(dir)).toThrow(/bad\.yaml/);
    expect(synonymFileSchema.safeParse({ groups: [{ concept: 'ok', en: ['a'] }] }).success).toBe(true);
  });
});
