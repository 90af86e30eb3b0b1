// Lead's error analysis on test/dev only: confusion pairs (expected -> predicted) per language.
import { evaluateKb } from '../../src/knowledge/eval/kb-eval';
import { Matcher } from '../../src/knowledge/matcher/matcher';
import { shippedContent } from '../helpers/shipped-content';
import { DEV_SETS, readQuestions, shippedDocuments } from './dev-sets';

const docs = shippedDocuments();
const dev = readQuestions('dev', DEV_SETS);
const lang = process.argv[2];
const m = Matcher.build(docs, {
  synonyms: shippedContent().synonyms,
  classifier: JSON.parse(process.env.CLS ?? '{}'),
});
const r = evaluateKb(
  m,
  dev.filter((q) => !lang || q.language === lang),
);
console.log(JSON.stringify(Object.fromEntries(Object.entries(r.perLanguage).map(([l, s]) => [l, s?.n]))));
for (const miss of r.misses)
  console.log(`${miss.language}\t${miss.topic} -> ${miss.predicted}\t${miss.question}`);
