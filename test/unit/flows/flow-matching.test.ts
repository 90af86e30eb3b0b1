import path from 'node:path';
import { run as match } from '../../../src/cli/commands/match';
import { loadConfig } from '../../../src/config';
import { FlowLibrary, loadFlows } from '../../../src/dialogs/flows';
import { KnowledgeService } from '../../../src/knowledge';
import { silentLogger } from '../../../src/logging';
import { shippedContent } from '../../helpers/shipped-content';

const ROOT = path.join(__dirname, '../../..');
const GOOD = path.join(ROOT, 'test/fixtures/flows/good');
const library = new FlowLibrary(loadFlows(GOOD).flows.map((f) => f.definition));

describe('flows in the matcher', () => {
  it('turns triggers into one flow document per language', () => {
    const docs = library.documents().filter((d) => d.id === 'demo-printer');
    expect(docs.map((d) => d.language)).toEqual(['en', 'de', 'pl', 'ro']);
    expect(docs[1]).toEqual({
      kind: 'flow',
      id: 'demo-printer',
      topic: 'printer',
      title: 'Druckerprobleme',
      language: 'de',
      examples: expect.arrayContaining(['Drucker druckt nicht']),
      tags: [],
      body: '',
    });
  });

  it('lets the knowledge service find flows next to articles', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      CONTENT_DIR: path.join(ROOT, 'content'),
      KB_WATCH: 'false',
    });
    const service = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config,
      logger: silentLogger(),
      extraDocuments: library.documents(),
    });
    const response = service.match('printing from my phone does not work', { language: 'en' });
    expect(response.results[0]).toEqual(
      expect.objectContaining({ kind: 'flow', id: 'demo-mobile-print', topic: 'printer' }),
    );
    expect(response.results.some((r) => r.kind === 'article')).toBe(true);
    // Without the option nothing changes for articles.
    const plain = KnowledgeService.create({
      synonyms: shippedContent().synonyms,
      config,
      logger: silentLogger(),
    });
    expect(
      plain.match('printing from my phone does not work').results.every((r) => r.kind === 'article'),
    ).toBe(true);
  });

  it('`firstline match --json` lists flows as kind "flow" with their topic', async () => {
    const out: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    try {
      const code = await match([
        '--json',
        '--kb',
        path.join(ROOT, 'content/kb'),
        '--flows',
        GOOD,
        'Drucker druckt nicht',
      ]);
      expect(code).toBe(0);
    } finally {
      jest.restoreAllMocks();
    }
    const response = JSON.parse(out.join('\n')) as { results: { kind: string; id: string; topic: string }[] };
    expect(response.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'flow', id: 'demo-printer', topic: 'printer' }),
      ]),
    );
  });
});
