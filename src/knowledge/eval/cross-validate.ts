import { LANGUAGES, type Lang } from '../../i18n/languages';
import { Matcher, type BuildOptions } from '../matcher/matcher';
import type { MatchDocument } from '../matcher/types';
import type { KbScores } from './kb-eval';
import { reciprocalRank } from './metrics';

export interface CrossValidation {
  folds: number;
  perLanguage: Partial<Record<Lang, KbScores>>;
  overall: KbScores;
}

/**
 * k-fold cross-validation on the documents' own examples: fold f holds out every k-th example
 * (offset f) of every document, builds the matcher on the rest and asks each held-out example.
 * Top-1 and MRR by topic. Needs no labelled questions, so it can guide tuning without touching
 * any evaluation set; a document keeps at least one example in every fold.
 */
export function crossValidate(
  docs: readonly MatchDocument[],
  folds = 4,
  options: BuildOptions,
): CrossValidation {
  const rows: Array<{ language: Lang; hit: boolean; rr: number }> = [];
  for (let f = 0; f < folds; f++) {
    const heldOut = (doc: MatchDocument, i: number): boolean => doc.examples.length > 1 && i % folds === f;
    const train = docs.map((d) => ({ ...d, examples: d.examples.filter((_, i) => !heldOut(d, i)) }));
    const matcher = Matcher.build(train, options);
    for (const doc of docs) {
      doc.examples.forEach((example, i) => {
        if (!heldOut(doc, i)) return;
        const results = matcher.match(example, { language: doc.language, limit: 10 }).results;
        const topics = [...new Set(results.map((r) => r.topic))];
        rows.push({
          language: doc.language,
          hit: topics[0] === doc.topic,
          rr: reciprocalRank(topics, doc.topic),
        });
      });
    }
  }
  const summarise = (list: typeof rows): KbScores => ({
    top1: list.length ? list.filter((r) => r.hit).length / list.length : 0,
    mrr: list.length ? list.reduce((s, r) => s + r.rr, 0) / list.length : 0,
    n: list.length,
  });
  const perLanguage: Partial<Record<Lang, KbScores>> = {};
  for (const lang of LANGUAGES) {
    const mine = rows.filter((r) => r.language === lang);
    if (mine.length > 0) perLanguage[lang] = summarise(mine);
  }
  return { folds, perLanguage, overall: summarise(rows) };
}
