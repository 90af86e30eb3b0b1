// Re-fits the confidence calibration (src/knowledge/matcher/confidence.ts) on tuning data only:
// the dev questions and out-of-scope messages in test/dev, generated nonsense (keyboard mashing,
// made-up words) and the test sentences of the Chatbot and WebApplications NLU corpora (given as
// arguments; they are not part of the project). Never on test/eval or Ask Ubuntu.
// Run: npx tsx test/dev/calibrate.ts /tmp/nlu/ChatbotCorpus.json /tmp/nlu/WebApplicationsCorpus.json
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  collectSamples,
  fitCalibration,
  reliability,
  type CalibrationSample,
} from '../../src/knowledge/eval/calibrate';
import { intentDocuments, readIntentCorpus } from '../../src/knowledge/eval/intents-eval';
import { parseKbQuestions } from '../../src/knowledge/eval/kb-eval';
import { readKbDocuments } from '../../src/knowledge/eval/kb-reader';
import { calibratedConfidence } from '../../src/knowledge/matcher/confidence';
import { Matcher, MIN_EVIDENCE } from '../../src/knowledge/matcher/matcher';
import type { Lang } from '../../src/i18n/languages';
import { shippedContent } from '../helpers/shipped-content';

const root = path.join(__dirname, '..', '..');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Strings of random letters (mashing) and pronounceable made-up words, 1-3 per message. */
function nonsense(count: number): string[] {
  const random = rng(11);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const syllables = ['ka', 'to', 'fel', 'mu', 'ri', 'zan', 'pe', 'lo', 'qu', 'ox', 'bri', 'den', 'sta', 'vo'];
  const word = (i: number): string => {
    const n = 3 + Math.floor(random() * 7);
    if (i % 2 === 0) return Array.from({ length: n }, () => letters[Math.floor(random() * 26)]).join('');
    return Array.from(
      { length: 2 + Math.floor(random() * 2) },
      () => syllables[Math.floor(random() * syllables.length)],
    ).join('');
  };
  return Array.from({ length: count }, (_, i) =>
    Array.from({ length: 1 + (i % 3) }, (_, j) => word(i + j)).join(' '),
  );
}

const samples: CalibrationSample[] = [];
const kb = Matcher.build(readKbDocuments(path.join(root, 'content', 'kb')), {
  synonyms: shippedContent().synonyms,
});
const dev = parseKbQuestions(readFileSync(path.join(root, 'test/dev/kb-dev-questions.tsv'), 'utf8'));
const devNone = parseKbQuestions(readFileSync(path.join(root, 'test/dev/kb-dev-out-of-scope.tsv'), 'utf8'));
samples.push(
  ...collectSamples(
    kb,
    [...dev, ...devNone].map((q) => ({
      text: q.question,
      expected: q.topic,
      language: q.language,
      field: 'topic' as const,
    })),
  ),
);
const junk = nonsense(200).map((text) => ({
  text,
  expected: '\u0000',
  field: 'id' as const,
  language: 'en' as Lang,
}));
samples.push(...collectSamples(kb, junk));
for (const file of process.argv.slice(2)) {
  const corpus = readIntentCorpus(file);
  const matcher = Matcher.build(intentDocuments(corpus), { synonyms: shippedContent().synonyms });
  const tests = corpus.sentences.filter((s) => !s.training);
  samples.push(
    ...collectSamples(
      matcher,
      tests.map((s) => ({ text: s.text, expected: s.intent, field: 'id' as const })),
    ),
  );
  samples.push(...collectSamples(matcher, junk.slice(0, 50)));
}
// Below the evidence minimum the matcher answers "none" regardless; fit on what it calibrates.
const gated = samples.filter((s) => s.explained < MIN_EVIDENCE);
console.log('gated to none', gated.length, 'of which right', gated.filter((s) => s.correct).length);
const model = fitCalibration(samples.filter((s) => s.explained >= MIN_EVIDENCE));
const round = (x: number): number => Math.round(x * 100) / 100;
console.log('samples', samples.length, 'correct', samples.filter((s) => s.correct).length);
console.log('model', {
  bias: round(model.bias),
  score: round(model.score),
  margin: round(model.margin),
  coverage: round(model.coverage),
});
const confidence = (s: CalibrationSample): number =>
  s.explained < MIN_EVIDENCE ? 0 : calibratedConfidence(s.score, s.margin, s.coverage, model);
console.table(reliability(samples, confidence));
for (const [answer, clarify] of [
  [0.7, 0.35],
  [0.6, 0.3],
  [0.8, 0.4],
] as const) {
  const a = samples.filter((s) => confidence(s) >= answer);
  const c = samples.filter((s) => confidence(s) >= clarify && confidence(s) < answer);
  const n = samples.filter((s) => confidence(s) < clarify);
  const acc = (l: CalibrationSample[]): number =>
    round(l.filter((s) => s.correct).length / Math.max(1, l.length));
  console.log(
    `answer>=${answer}: n=${a.length} right=${acc(a)}; clarify: n=${c.length} right=${acc(c)}; none: n=${n.length} right=${acc(n)}`,
  );
}
