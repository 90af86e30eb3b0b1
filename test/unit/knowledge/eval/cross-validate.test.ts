import { crossValidate } from '../../../../src/knowledge/eval/cross-validate';
import type { MatchDocument } from '../../../../src/knowledge/matcher';
import { shippedContent } from '../../../helpers/shipped-content';

function doc(id: string, topic: string, examples: string[]): MatchDocument {
  return { kind: 'article', id, topic, title: '', language: 'en', examples, tags: [], body: '' };
}

const docs = [
  doc('pw', 'account.password-reset', [
    'forgot my password',
    'reset my password please',
    'password expired need a new one',
    'how do i change the password',
  ]),
  doc('print', 'printer', [
    'printer is not printing',
    'paper jam in the printer',
    'print job stuck in the printer queue',
    'add a network printer',
  ]),
];

describe('crossValidate', () => {
  it('holds out every k-th example and scores it against the rest', () => {
    const cv = crossValidate(docs, 4, { synonyms: shippedContent().synonyms });
    expect(cv.overall.n).toBe(8);
    expect(cv.perLanguage.en?.n).toBe(8);
    expect(cv.overall.top1).toBeGreaterThanOrEqual(0.75);
    expect(cv.overall.mrr).toBeGreaterThanOrEqual(cv.overall.top1);
  });
  it('never holds out the only example of a document', () => {
    const cv = crossValidate([doc('a', 'x', ['only one example']), ...docs], 2, {
      synonyms: shippedContent().synonyms,
    });
    expect(cv.overall.n).toBe(8);
  });
});
