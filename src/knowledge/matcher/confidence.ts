/**
 * Calibrated confidence: the probability that the top result is right, from two signals,
 * absolute evidence (the combined score in [0,1]) and the margin to the runner-up
 * ((s1 - s2) / s1). A logistic model; coefficients fitted on labelled questions
 * (see docs in src/knowledge/eval/calibrate.ts and the report of `firstline eval`).
 */
export interface CalibrationModel {
  bias: number;
  score: number;
  margin: number;
}

export const DEFAULT_CALIBRATION: CalibrationModel = { bias: -4, score: 9, margin: 4 };

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
