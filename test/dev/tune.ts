// Tuning harness: top-1 on the dev sets (test/dev) and micro-F1 on the tuning corpora given as
// arguments, for a few matcher settings. Never reads test/eval or Ask Ubuntu.
// Run: npx tsx test/dev/tune.ts /tmp/nlu/ChatbotCorpus.json /tmp/nlu/WebApplicationsCorpus.json
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateKb, parseKbQuestions } from '../../src/knowledge/eval/kb-eval';
import { intentDocuments, readIntentCorpus } from '../../src/knowledge/eval/intents-eval';
import { readKbDocuments } from '../../src/knowledge/eval/kb-reader';
import { Matcher, type BuildOptions } from '../../src/knowledge/matcher/matcher';
import { shippedContent } from '../helpers/shipped-content';

const root = path.join(__dirname, '..', '..');
const docs = readKbDocuments(path.join(root, 'content', 'kb'));
const sets = ['kb-dev-questions.tsv', 'kb-dev-chatty.tsv'].map((f) =>
  parseKbQuestions(readFileSync(path.join(root, 'test', 'dev', f), 'utf8')),
);
const corpora = process.argv.slice(2).map(readIntentCorpus);

function f1(options: Omit<BuildOptions, 'synonyms'>): number[] {
  return corpora.map((corpus) => {
    const matcher = Matcher.build(intentDocuments(corpus), {
      synonyms: shippedContent().synonyms,
      ...options,
    });
    const tests = corpus.sentences.filter((s) => !s.training);
    const right = tests.filter((s) => matcher.match(s.text, { limit: 1 }).results[0]?.id === s.intent);
    return right.length / tests.length;
  });
}

const variants: Record<string, Omit<BuildOptions, 'synonyms'>> = JSON.parse(
  process.env.VARIANTS ?? '{"base":{}}',
);
for (const [name, options] of Object.entries(variants)) {
  const matcher = Matcher.build(docs, { synonyms: shippedContent().synonyms, ...options });
  const kb = sets.map((qs) => {
    const r = evaluateKb(matcher, qs);
    const per = Object.entries(r.perLanguage).map(([l, s]) => `${l} ${(100 * (s?.top1 ?? 0)).toFixed(1)}`);
    return `${(100 * r.overall.top1).toFixed(1)} (${per.join(' ')})`;
  });
  console.log(
    name.padEnd(14),
    'dev',
    kb[0],
    '| chatty',
    kb[1],
    '| corpora',
    f1(options)
      .map((x) => x.toFixed(3))
      .join(' '),
  );
}
