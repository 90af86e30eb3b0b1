import { classificationReport, reciprocalRank } from '../../../../src/knowledge/eval/metrics';
import {
  evaluateIntents,
  intentDocuments,
  readableIntentName,
} from '../../../../src/knowledge/eval/intents-eval';
import { parseKbQuestions } from '../../../../src/knowledge/eval/kb-eval';
import { shippedContent } from '../../../helpers/shipped-content';

describe('classificationReport', () => {
  it('computes per-label and micro scores on a hand-made example', () => {
    // a: 2 right, 1 predicted b; b: 1 right; c: 1 with no prediction.
    const r = classificationReport([
      { expected: 'a', predicted: 'a' },
      { expected: 'a', predicted: 'a' },
      { expected: 'a', predicted: 'b' },
      { expected: 'b', predicted: 'b' },
      { expected: 'c', predicted: null },
    ]);
    expect(r.perIntent.a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(r.perIntent.b?.precision).toBe(0.5);
    expect(r.perIntent.b?.recall).toBe(1);
    expect(r.perIntent.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    // micro: tp=3, fp=1, fn=2 → P=0.75, R=0.6, F1=2*0.45/1.35
    expect(r.microF1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35, 10);
    expect(r.total).toBe(5);
  });
  it('reciprocal rank', () => {
    expect(reciprocalRank(['x', 'y', 'z'], 'y')).toBe(0.5);
    expect(reciprocalRank(['x'], 'q')).toBe(0);
  });
});

describe('evaluateIntents on a tiny corpus', () => {
  it('uses training sentences as examples and scores test sentences', () => {
    const corpus = {
      sentences: [
        { text: 'turn on the kitchen lights', intent: 'LightsOn', training: true },
        { text: 'switch the lamp on', intent: 'LightsOn', training: true },
        { text: 'play some jazz music', intent: 'PlayMusic', training: true },
        { text: 'put on a song by queen', intent: 'PlayMusic', training: true },
        { text: 'hello there', intent: 'None', training: true },
        { text: 'lights on in the kitchen please', intent: 'LightsOn', training: false },
        { text: 'play jazz', intent: 'PlayMusic', training: false },
        { text: 'play the lamp song', intent: 'LightsOn', training: false },
      ],
    };
    const r = evaluateIntents(corpus, { synonyms: shippedContent().synonyms });
    expect(r.total).toBe(3);
    expect(r.perIntent.PlayMusic?.support).toBe(1);
    expect(r.misclassified.map((m) => m.text)).toEqual(r.misclassified.length ? ['play the lamp song'] : []);
    expect(r.microF1).toBeGreaterThanOrEqual(2 / 3);
  });
});

describe('intent entries', () => {
  it.each([
    ['DepartureTime', 'departure time'],
    ['alarm_set', 'alarm set'],
    ['Make Update', 'make update'],
    ['None', 'none'],
  ])('titles %s as "%s"', (intent, title) => {
    expect(readableIntentName(intent)).toBe(title);
  });

  it('gives each intent entry its name as title', () => {
    const corpus = {
      lang: 'en',
      sentences: [
        { text: 'when does the next one leave', intent: 'DepartureTime', training: true },
        { text: 'how do I get from A to B', intent: 'FindConnection', training: true },
      ],
    };
    const docs = intentDocuments(corpus);
    expect(docs.map((d) => d.title)).toEqual(['departure time', 'find connection']);
  });
});

describe('parseKbQuestions', () => {
  it('reads tab-separated lines and skips comments', () => {
    expect(parseKbQuestions('# c\nprinter\ten\tprinter broken\n\n')).toEqual([
      { topic: 'printer', language: 'en', question: 'printer broken' },
    ]);
    expect(() => parseKbQuestions('printer\txx\tq')).toThrow(/line 1/);
  });
});
