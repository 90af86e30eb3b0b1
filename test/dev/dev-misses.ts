// Lead's error analysis on test/dev only: confusion pairs (expected -> predicted) per language.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateKb, parseKbQuestions } from '../../src/knowledge/eval/kb-eval';
import { readKbDocuments } from '../../src/knowledge/eval/kb-reader';
import { Matcher } from '../../src/knowledge/matcher/matcher';
import { shippedContent } from '../helpers/shipped-content';

const root = path.join(__dirname, '..', '..');
const docs = readKbDocuments(path.join(root, 'content', 'kb'));
const dev = [
  'kb-dev-questions.tsv',
  'kb-dev-chatty.tsv',
  'kb-dev-topics60.de.tsv',
  'kb-dev-topics60.en.tsv',
  'kb-dev-topics60.pl.tsv',
  'kb-dev-older26.pl.tsv',
].flatMap((f) => parseKbQuestions(readFileSync(path.join(root, 'test', 'dev', f), 'utf8')));
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
