import { foldedTokens } from '../../../../src/knowledge/matcher/normalize';
import { SparseVector } from '../../../../src/knowledge/matcher/sparse-vector';
import { buildSynonymTable } from '../../../../src/knowledge/matcher/synonyms';
import { TermAnalyzer } from '../../../../src/knowledge/matcher/term-analyzer';
import { TypoIndex } from '../../../../src/knowledge/matcher/typo-index';
import { shippedContent } from '../../../helpers/shipped-content';

const INDEXED = 'my printer is not printing the network printer queue is stuck after the update';

function frozenAnalyzer(): TermAnalyzer {
  const words = foldedTokens(INDEXED).words;
  const frequency = new Map(words.map((w) => [w, 1]));
  const analyzer = new TermAnalyzer({
    synonyms: buildSynonymTable(shippedContent().synonyms),
    vocabulary: new Set(words),
    typos: new TypoIndex(frequency),
  });
  analyzer.addTokens(foldedTokens(INDEXED), 'en', { ngrams: true, query: false }, new SparseVector());
  analyzer.space.frozen = true;
  analyzer.strength = new Float32Array(analyzer.space.size).fill(1);
  return analyzer;
}

function analyse(analyzer: TermAnalyzer, text: string) {
  const out = new SparseVector();
  const evidence = analyzer.addTokens(foldedTokens(text), 'en', { ngrams: true, query: true }, out);
  return { terms: out.ids.map((id) => [id, out.get(id)]), unknown: out.unknown, evidence };
}

describe('TermAnalyzer: words users typed', () => {
  it('keeps only the most recently used 5,000 per language, and answers the same after forgetting', () => {
    const analyzer = frozenAnalyzer();
    const question = 'my printr shows error 0x8007 and the queue is stuck on ticket 4711';
    const before = analyse(analyzer, question);
    expect(analyzer.typedWordsRemembered('en')).toBeGreaterThan(0);
    for (let i = 0; i < 6_000; i++) analyse(analyzer, `ticket ${100_000 + i} halp${i}x`);
    expect(analyzer.typedWordsRemembered('en')).toBe(5_000);
    expect(analyzer.typedWordsRemembered('de')).toBe(0);
    expect(analyse(analyzer, question)).toEqual(before);
  });
});
