/**
 * Calibrated confidence: the probability that the top result is right, from three signals:
 * absolute evidence (the combined score in [0,1]), the margin ((s1 - s2) / s1) to the best result of
 * another topic (the runner-up when the model was fitted)
 * and the share of the question's content words the index explains (coverage). A logistic model
 * fitted with test/dev/calibrate.ts on 1149 labelled messages, none from the reported evaluations
 * (Ask Ubuntu, test/eval): the dev questions and out-of-scope messages in test/dev, generated
 * nonsense, and the test sentences of the Chatbot and WebApplications NLU corpora. Messages with
 * less evidence than MIN_EVIDENCE (matcher.ts) get confidence 0 and are left out of the fit.
 * Reliability on that data (in-sample, so somewhat optimistic): confidence 0.8-1.0 → 98 % right,
 * 0.6-0.8 → 73 %, 0.4-0.6 → 46 %, 0.2-0.4 → 23 %, below 0.2 → 5 %. With the default thresholds
 * (answer 0.7, clarify 0.35): answers right 98 %, clarifications 52 %, "none" 6 %.
 */
export interface CalibrationModel {
  bias: number;
  score: number;
  margin: number;
  /** Weight of the share of the question the index explains (Evidence.explained / content). */
  coverage: number;
}

export const DEFAULT_CALIBRATION: CalibrationModel = {
  bias: -4.49,
  score: 11.43,
  margin: 5.26,
  coverage: 0.99,
};

export function calibratedConfidence(
  score: number,
  margin: number,
  coverage = 1,
  model: CalibrationModel = DEFAULT_CALIBRATION,
): number {
  if (!Number.isFinite(score) || score <= 0) return 0;
  const m = Math.max(-1, Math.min(1, Number.isFinite(margin) ? margin : 0));
  const c = Math.max(0, Math.min(1, Number.isFinite(coverage) ? coverage : 0));
  const z = model.bias + model.score * score + model.margin * m + model.coverage * c;
  return 1 / (1 + Math.exp(-z));
}

/** Relative margin of a score over the best competing score. */
export function relativeMargin(score: number, competitor: number): number {
  return score > 0 ? (score - competitor) / score : 0;
}
