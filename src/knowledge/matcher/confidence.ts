/**
 * Calibrated confidence: the probability that the top result is right, from two signals,
 * absolute evidence (the combined score in [0,1]) and the margin to the runner-up
 * ((s1 - s2) / s1). A logistic model fitted with src/knowledge/eval/calibrate.ts on 899
 * labelled questions, none from the reported evaluations (Ask Ubuntu, test/eval): the test
 * sentences of the Chatbot and WebApplications NLU corpora, the dev questions in test/dev and
 * test/unit/knowledge/matcher/fixtures, and their out-of-scope questions (always wrong).
 * Reliability on that data (in-sample, so somewhat optimistic): confidence 0.8-1.0 → 98 %
 * right, 0.6-0.8 → 69 %, 0.4-0.6 → 53 %, 0.2-0.4 → 19 %, below 0.2 → 13 %.
 */
export interface CalibrationModel {
  bias: number;
  score: number;
  margin: number;
}

export const DEFAULT_CALIBRATION: CalibrationModel = { bias: -4.73, score: 13.74, margin: 5.42 };

export function calibratedConfidence(
  score: number,
  margin: number,
  model: CalibrationModel = DEFAULT_CALIBRATION,
): number {
  if (!Number.isFinite(score) || score <= 0) return 0;
  const m = Math.max(-1, Math.min(1, Number.isFinite(margin) ? margin : 0));
  const z = model.bias + model.score * score + model.margin * m;
  return 1 / (1 + Math.exp(-z));
}

/** Relative margin of a score over the best competing score. */
export function relativeMargin(score: number, competitor: number): number {
  return score > 0 ? (score - competitor) / score : 0;
}
