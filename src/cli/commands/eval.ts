import path from 'node:path';
import { readKbDocuments } from '../../knowledge/eval/kb-reader';
import {
  evaluateKb,
  kbQuestionFiles,
  readKbQuestions,
  type KbEvalResult,
} from '../../knowledge/eval/kb-eval';
import { evaluateIntents, readIntentCorpus, type IntentEvalResult } from '../../knowledge/eval/intents-eval';
import { Matcher } from '../../knowledge/matcher';
import { contentPathsFromEnv } from '../../content';
import { loadSynonymsOrReport } from './content';
import { runLlmEval } from '../eval-llm';

export const summary = 'evaluate the matcher (and the language model)';

const USAGE = `usage:
  firstline eval intents <corpus.json> [--json]   NLU-Evaluation-Corpora file: micro-F1 per intent
  firstline eval kb [<questions.tsv>...] [--json] [--kb <dir>]   topic<TAB>language<TAB>question lines: top-1 and MRR
      (without files: every test/eval/kb-questions*.tsv together)
  firstline eval llm <cases.jsonl> [--json]   grounded-answer, summary and translation cases against the
      configured language model: groundedness, citation accuracy, refusal, latency`;

const EVAL_DIR = 'test/eval';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function printIntents(r: IntentEvalResult): void {
  console.log(`micro-F1: ${r.microF1.toFixed(4)} over ${r.total} test sentences\n`);
  console.log(
    `${'intent'.padEnd(28)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(7)} ${'support'.padStart(7)}`,
  );
  for (const [intent, s] of Object.entries(r.perIntent)) {
    console.log(
      `${intent.padEnd(28)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${s.f1.toFixed(3).padStart(7)} ${String(s.support).padStart(7)}`,
    );
  }
  console.log(`\nmisclassified (${r.misclassified.length}):`);
  for (const m of r.misclassified) console.log(`  [${m.expected} -> ${m.predicted ?? '(none)'}] ${m.text}`);
}

function printKb(r: KbEvalResult, files: readonly string[], unknownTopics: readonly string[]): void {
  console.log(`questions from ${files.join(', ')}\n`);
  console.log(`${'language'.padEnd(9)} ${'top-1'.padStart(7)} ${'MRR'.padStart(6)} ${'n'.padStart(5)}`);
  for (const [lang, s] of [...Object.entries(r.perLanguage), ['overall', r.overall] as const]) {
    console.log(
      `${lang.padEnd(9)} ${pct(s.top1).padStart(7)} ${s.mrr.toFixed(3).padStart(6)} ${String(s.n).padStart(5)}`,
    );
  }
  if (unknownTopics.length > 0)
    console.log(`\ntopics without an article (their questions count as misses): ${unknownTopics.join(', ')}`);
  console.log(`\nmisses (${r.misses.length}):`);
  for (const m of r.misses)
    console.log(
      `  [${m.language}] ${m.topic} -> ${m.predicted ?? '(none)'} (rank ${m.rank ?? '-'}): ${m.question}`,
    );
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const paths = contentPathsFromEnv(process.env);
  const kbDir = option(args, '--kb') ?? paths.kbDir;
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--kb');
  const [mode, ...files] = positional;
  const file = files[0];
  if (mode === 'llm') {
    try {
      return await runLlmEval(file, json);
    } catch (err) {
      console.error(`eval: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
  if ((mode !== 'intents' && mode !== 'kb') || (mode === 'intents' && (!file || files.length > 1))) {
    console.error(USAGE);
    return 2;
  }
  const synonyms = loadSynonymsOrReport(paths);
  if (!synonyms) return 1;
  try {
    if (mode === 'intents') {
      const result = evaluateIntents(readIntentCorpus(file!), { synonyms });
      if (json) console.log(JSON.stringify(result));
      else printIntents(result);
    } else {
      const sets = files.length > 0 ? files : kbQuestionFiles(path.resolve(EVAL_DIR));
      const questions = sets.flatMap((set) => readKbQuestions(set));
      const documents = readKbDocuments(path.resolve(kbDir));
      const known = new Set(documents.map((d) => d.topic));
      const unknownTopics = [...new Set(questions.map((q) => q.topic))].filter((t) => !known.has(t)).sort();
      const result = evaluateKb(Matcher.build(documents, { synonyms }), questions);
      if (json) console.log(JSON.stringify({ ...result, files: sets, unknownTopics }));
      else printKb(result, sets, unknownTopics);
    }
    return 0;
  } catch (err) {
    console.error(`eval: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
