export interface Prediction {
  expected: string;
  /** Top-1 label, or null when the matcher returned nothing. */
  predicted: string | null;
}

export interface LabelScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  microF1: number;
  perIntent: Record<string, LabelScores>;
  total: number;
}

function f1(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

/**
 * Precision, recall and F1 per label and micro-averaged over all labels. An empty
 * prediction is a false negative for the expected label and a false positive for none,
 * so micro-F1 equals accuracy only when every sentence gets a prediction.
 */
export function classificationReport(predictions: readonly Prediction[]): ClassificationReport {
  const labels = new Set<string>();
  for (const p of predictions) {
    labels.add(p.expected);
    if (p.predicted !== null) labels.add(p.predicted);
  }
  const perIntent: Record<string, LabelScores> = {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const label of [...labels].sort()) {
    const truePos = predictions.filter((p) => p.expected === label && p.predicted === label).length;
    const falsePos = predictions.filter((p) => p.expected !== label && p.predicted === label).length;
    const falseNeg = predictions.filter((p) => p.expected === label && p.predicted !== label).length;
    const precision = ratio(truePos, truePos + falsePos);
    const recall = ratio(truePos, truePos + falseNeg);
    perIntent[label] = { precision, recall, f1: f1(precision, recall), support: truePos + falseNeg };
    tp += truePos;
    fp += falsePos;
    fn += falseNeg;
  }
  const microF1 = f1(ratio(tp, tp + fp), ratio(tp, tp + fn));
  return { microF1, perIntent, total: predictions.length };
}

/** Mean reciprocal rank: 1/rank of the first correct result, 0 when absent. */
export function reciprocalRank(ranked: readonly string[], expected: string): number {
  const index = ranked.indexOf(expected);
  return index < 0 ? 0 : 1 / (index + 1);
}
