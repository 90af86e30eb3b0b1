import type { CalibrationModel } from '../matcher/confidence';
import { relativeMargin } from '../matcher/confidence';
import type { Matcher } from '../matcher/matcher';
import type { Lang } from '../../i18n/languages';

/** One labelled question: the matcher's raw top-1 evidence and whether top-1 was right. */
export interface CalibrationSample {
  score: number;
  margin: number;
  /** Share of the question's content words the index explains. */
  coverage: number;
  /** Evidence.explained: below MIN_EVIDENCE the matcher says "none" whatever the calibration. */
  explained: number;
  correct: boolean;
}

export interface LabelledQuestion {
  text: string;
  expected: string;
  language?: Lang;
  /** Which result field must equal `expected`. */
  field: 'id' | 'topic';
}

/** Raw evidence of the matcher's top result for each labelled question. */
export function collectSamples(
  matcher: Matcher,
  questions: readonly LabelledQuestion[],
): CalibrationSample[] {
  return questions.map((q) => {
    const { response, evidence } = matcher.inspect(q.text, { language: q.language, limit: 2 });
    const [first, second] = response.results;
    const score = first?.score ?? 0;
    return {
      score,
      margin: relativeMargin(score, second?.score ?? 0),
      coverage: evidence.content > 0 ? Math.min(1, evidence.explained / evidence.content) : 0,
      explained: evidence.explained,
      correct: first !== undefined && first[q.field] === q.expected,
    };
  });
}

/** Logistic regression by batch gradient descent (three features, a few thousand samples). */
export function fitCalibration(
  samples: readonly CalibrationSample[],
  iterations = 20000,
  rate = 0.5,
): CalibrationModel {
  const model: CalibrationModel = { bias: 0, score: 0, margin: 0, coverage: 0 };
  const n = Math.max(1, samples.length);
  for (let it = 0; it < iterations; it++) {
    let gb = 0;
    let gs = 0;
    let gm = 0;
    let gc = 0;
    for (const s of samples) {
      const z = model.bias + model.score * s.score + model.margin * s.margin + model.coverage * s.coverage;
      const err = 1 / (1 + Math.exp(-z)) - (s.correct ? 1 : 0);
      gb += err;
      gs += err * s.score;
      gm += err * s.margin;
      gc += err * s.coverage;
    }
    model.bias -= (rate * gb) / n;
    model.score -= (rate * gs) / n;
    model.margin -= (rate * gm) / n;
    model.coverage -= (rate * gc) / n;
  }
  return model;
}

/** Reliability table: per confidence bin, how often the top result was actually right. */
export function reliability(
  samples: readonly CalibrationSample[],
  confidence: (s: CalibrationSample) => number,
  bins = 5,
): Array<{ from: number; to: number; n: number; accuracy: number; meanConfidence: number }> {
  const out = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = samples.filter((s) => {
      const c = confidence(s);
      return c >= from && (c < to || (b === bins - 1 && c <= to));
    });
    out.push({
      from,
      to,
      n: inBin.length,
      accuracy: inBin.length ? inBin.filter((s) => s.correct).length / inBin.length : 0,
      meanConfidence: inBin.length ? inBin.reduce((sum, s) => sum + confidence(s), 0) / inBin.length : 0,
    });
  }
  return out;
}
