import {
  LinearClassifier,
  epochOrder,
  textKey,
  toSample,
} from '../../../../src/knowledge/matcher/classifier';
import { tokenizeCorpus } from '../../../../src/knowledge/matcher/corpus';
import { tokenize, MAX_TOKEN_LENGTH } from '../../../../src/knowledge/matcher/normalize';
import { PostingsBuilder } from '../../../../src/knowledge/matcher/postings';
import { SparseVector } from '../../../../src/knowledge/matcher/sparse-vector';
import type { MatchDocument } from '../../../../src/knowledge/matcher';

/** The tokenizer's specification as a regular expression (the scanner must agree with it). */
function reference(text: string): { words: string[]; parts: string[] } {
  const words: string[] = [];
  const parts: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu)) {
    const pieces = m[0].split(/[-'’.]/).filter((p) => p.length > 0);
    const joined = pieces.join('');
    if (joined.length > MAX_TOKEN_LENGTH) continue;
    words.push(joined);
    if (pieces.length > 1) parts.push(...pieces);
  }
  return { words, parts };
}

describe('tokenize (hand-written scanner)', () => {
  it.each([
    'wi-fi e-mail',
    "don't can't won’t",
    'outlook.exe crashed, error 0x80070002!',
    '-leading trailing- .dot. a--b a-.b ...',
    'Kennwortänderung für ŻÓŁĆ i parolă/ș',
    'emoji 👍🏽 between 𝒜𝒷𝒸 math letters and 中文字符',
    `${'x'.repeat(41)} ok ${'y'.repeat(20)}-${'z'.repeat(21)} fine`,
    'tabs\tand\nnewlines\u200bzero width',
    '',
  ])('agrees with the reference on %j', (text) => {
    expect(tokenize(text)).toEqual(reference(text));
  });
});

describe('SparseVector', () => {
  it('accumulates, grows, counts unknown terms and clears only what it touched', () => {
    const v = new SparseVector(2);
    v.add(1, 0.5);
    v.add(1, 0.25);
    v.add(100, 2);
    v.add(-1, 3);
    expect(v.ids).toEqual([1, 100]);
    expect(v.get(1)).toBe(0.75);
    expect(v.total()).toBe(5.75);
    v.clear();
    expect(v.ids).toEqual([]);
    expect(v.get(100)).toBe(0);
    expect(v.total()).toBe(0);
  });
});

describe('PostingsBuilder', () => {
  it('groups triples by term, keeping document order', () => {
    const b = new PostingsBuilder();
    for (let i = 0; i < 70_000; i++) b.add(i % 3, i, i / 10); // forces growth
    const p = b.finish(4);
    expect(Array.from(p.offsets)).toEqual([0, 23_334, 46_667, 70_000, 70_000]);
    expect(Array.from(p.docs.subarray(0, 3))).toEqual([0, 3, 6]);
    expect(p.weights[23_334]).toBeCloseTo(0.1);
  });
});

describe('LinearClassifier', () => {
  it('learns a small separable problem and gives probabilities', () => {
    const weight = new Float64Array([1, 1, 1, 1]);
    const vector = new SparseVector(4);
    const sample = (ids: number[], label: number) => {
      vector.clear();
      for (const id of ids) vector.add(id, 1);
      return toSample(vector, weight, label);
    };
    const samples = [sample([0, 3], 0), sample([0], 0), sample([1, 3], 1), sample([1], 1), sample([2], 2)];
    const model = LinearClassifier.train(samples, 3, 4);
    for (const [ids, label] of [
      [[0], 0],
      [[1, 3], 1],
      [[2, 3], 2],
    ] as const) {
      vector.clear();
      for (const id of ids) vector.add(id, 1);
      const p = Array.from(model.predict(vector, weight));
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
      expect(p.indexOf(Math.max(...p))).toBe(label);
    }
  });
  // A shuffle by position reordered every sample when one was added, and moved answers far from
  // the change (one English example moved Romanian by five questions).
  it('keeps the other samples in their training order when one is added', () => {
    const said = ['printer offline', 'vpn drops', 'outlook slow', 'teams no sound', 'wifi gone', 'disk full'];
    const sample = (text: string) => ({
      ids: Int32Array.of(0),
      values: Float32Array.of(1),
      label: 0,
      key: textKey(text),
    });
    const before = said.map(sample);
    const after = [sample('screen cracked'), ...before];
    for (const epoch of [1, 2, 3]) {
      const was = epochOrder(before, epoch).map((i) => said[i]);
      const now = epochOrder(after, epoch)
        .filter((i) => i > 0)
        .map((i) => said[i - 1]);
      expect(now).toEqual(was);
    }
    // Each epoch still has an order of its own.
    expect(epochOrder(before, 1)).not.toEqual(epochOrder(before, 2));
  });
  it('is trained with fewer epochs, then not at all, as collections grow', () => {
    expect(LinearClassifier.affordableEpochs(2000, 40, 20_000, 40, 20)).toBe(20);
    const mid = LinearClassifier.affordableEpochs(5000, 100, 30_000, 40, 20);
    expect(mid).toBeGreaterThanOrEqual(3);
    expect(mid).toBeLessThan(20);
    expect(LinearClassifier.affordableEpochs(120_000, 10_000, 30_000, 40, 20)).toBe(0);
    expect(LinearClassifier.affordableEpochs(10, 1, 10, 40, 20)).toBe(0);
  });
});

describe('tokenizeCorpus', () => {
  it('gives every distinct token one id and counts folded words across languages', () => {
    const doc = (language: 'en' | 'ro', title: string): MatchDocument => ({
      kind: 'article',
      id: title,
      topic: 't',
      title,
      language,
      examples: [title],
      tags: [],
      body: '',
    });
    const corpus = tokenizeCorpus([doc('en', 'parola reset'), doc('ro', 'parolă uitată')]);
    expect(corpus.table.frequency().get('parola')).toBe(4);
    expect(corpus.table.languagesOfWords().get('parola')).toEqual(['en', 'ro']);
    expect(corpus.table.languagesOfWords().get('uitata')).toEqual(['ro']);
    expect(Array.from(corpus.fields[0]?.title.words ?? [])).toEqual(
      Array.from(corpus.examples[0]?.[0]?.words ?? []),
    );
  });
});
