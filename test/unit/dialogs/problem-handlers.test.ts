import type { MatchResult } from '../../../src/knowledge/matcher';
import { ProblemHandlers, type ProblemHandler } from '../../../src/dialogs/problem-handlers';

const handler = (kind: ProblemHandler['kind']): ProblemHandler => ({
  kind,
  dialogs: [],
  start: async () => ({ status: 'waiting' }) as never,
});
const result = (kind: MatchResult['kind'], topic: string, confidence: number): MatchResult => ({
  kind,
  id: `${kind}-${topic}`,
  topic,
  title: topic,
  language: 'en',
  score: confidence * 10,
  confidence,
});

describe('ProblemHandlers.pick', () => {
  const handlers = new ProblemHandlers();
  handlers.register(handler('article'));
  handlers.register(handler('flow'));

  it('prefers a diagnostic flow of the same topic that is nearly as good a match', () => {
    const picked = handlers.pick([result('article', 'printer', 0.9), result('flow', 'printer', 0.7)]);
    expect(picked?.result.kind).toBe('flow');
    // Measured on a flow's own example ("Der Drucker PRN-2-07 druckt nicht"): 0.44 of the article.
    const own = handlers.pick([result('article', 'printer', 0.558), result('flow', 'printer', 0.2467)]);
    expect(own?.result.kind).toBe('flow');
  });

  it('keeps the article when the flow is a much weaker match or about another topic', () => {
    expect(
      handlers.pick([result('article', 'printer', 0.9), result('flow', 'printer', 0.2)])?.result.kind,
    ).toBe('article');
    expect(
      handlers.pick([result('article', 'printer', 0.9), result('flow', 'network.vpn', 0.85)])?.result.kind,
    ).toBe('article');
  });

  it('falls back to articles when no flow engine is registered', () => {
    const articlesOnly = new ProblemHandlers();
    articlesOnly.register(handler('article'));
    expect(
      articlesOnly.pick([result('flow', 'printer', 0.95), result('article', 'printer', 0.5)])?.result.kind,
    ).toBe('article');
  });
});

describe('ProblemHandlers.start', () => {
  it('lets a handler take over results of another kind, leaving the picked result as it is', async () => {
    const started: string[] = [];
    const recording = (kind: ProblemHandler['kind'], takes?: ProblemHandler['takes']): ProblemHandler => ({
      kind,
      dialogs: [],
      takes,
      start: async (_dc, r) => {
        started.push(`${kind}:${r.id}`);
        return { status: 'waiting' } as never;
      },
    });
    const handlers = new ProblemHandlers();
    handlers.register(recording('article'));
    handlers.register(recording('flow', (r) => r.kind === 'article' && r.topic === 'access.admin-rights'));
    const dc = {} as never;
    await handlers.start(dc, result('article', 'access.admin-rights', 0.9));
    await handlers.start(dc, result('article', 'printer', 0.9));
    expect(started).toEqual(['flow:article-access.admin-rights', 'article:article-printer']);
  });
});
