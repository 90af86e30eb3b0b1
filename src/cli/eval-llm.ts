import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { ContentSource, contentPathsOf } from '../content';
import { KnowledgeService } from '../knowledge';
import { evaluateLlm, readLlmCases, createLlmFeatures, type LlmEvalReport } from '../llm';
import { silentLogger } from '../logging';
import { createRedactor, personalDataPolicy } from '../privacy';
import { SqliteBackend } from '../storage/embedded/sqlite-backend';

const pct = (x: { hits: number; of: number; rate: number }) =>
  x.of === 0 ? '-' : `${(100 * x.rate).toFixed(1)}% (${x.hits}/${x.of})`;

function print(report: LlmEvalReport, file: string): void {
  const { grounded, summary, translation, latencyMs } = report;
  console.log(`${report.cases} cases from ${file}\n`);
  console.log('grounded answers');
  console.log(`  citation accuracy      ${pct(grounded.citationAccuracy)}`);
  console.log(`  groundedness           ${pct(grounded.groundedness)}`);
  console.log(`  refusal (not covered)  ${pct(grounded.refusal)}`);
  console.log(`  false refusals         ${pct(grounded.falseRefusal)}`);
  console.log(`  article retrieved      ${pct(grounded.retrieval)}`);
  for (const [language, s] of Object.entries(grounded.perLanguage))
    console.log(`  ${language}: citations ${pct(s.citationAccuracy)}, refusal ${pct(s.refusal)}`);
  console.log(`  outcomes: ${JSON.stringify(grounded.outcomes)}`);
  console.log('hand-over summaries');
  console.log(
    `  produced ${pct(summary.produced)}, <= 5 lines ${pct(summary.atMostFiveLines)}, mentions ${pct(summary.mentions)}`,
  );
  console.log('translations');
  console.log(`  produced ${pct(translation.produced)}, kept terms ${pct(translation.keeps)}`);
  console.log(`latency ms: p50 ${latencyMs.p50}, p95 ${latencyMs.p95}, max ${latencyMs.max}`);
  if (report.failures.length > 0)
    console.log(`\nmisses (${report.failures.length}):\n  ${report.failures.join('\n  ')}`);
}

/**
 * `firstline eval llm <cases.jsonl> [--json]`: the cases against the configured endpoint
 * (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL), with the app's redaction and checks; token
 * counts go to a scratch database, never the deployment's.
 */
export async function runLlmEval(file: string | undefined, json: boolean): Promise<number> {
  if (!file) {
    console.error('usage: firstline eval llm <cases.jsonl> [--json]');
    return 2;
  }
  const config = loadConfig(process.env);
  if (!config.llm.apiKey || !config.llm.chatModel) {
    console.error('eval llm: set OPENAI_API_KEY and OPENAI_MODEL (and OPENAI_BASE_URL for another endpoint)');
    return 2;
  }
  const cases = readLlmCases(file);
  const content = ContentSource.open(contentPathsOf(config));
  const logger = silentLogger();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'firstline-eval-llm-'));
  const storage = SqliteBackend.open({ dataDir: scratch, logger });
  try {
    const redactor = createRedactor(content.current().privacy, personalDataPolicy(config.redaction));
    const features = createLlmFeatures({
      config: { ...config, llm: { ...config.llm, tokensPerConversation: 1e9, tokensPerDay: 1e12 } },
      storage,
      redact: (text) => redactor.redact(text).text,
      logger,
      clock: () => new Date(),
    })!;
    const knowledge = KnowledgeService.create({
      config,
      logger,
      synonyms: content.current().synonyms,
      words: content.current().words,
      loadArticles: () => content.reloadKnowledge(),
    });
    const report = await evaluateLlm(cases, {
      grounded: features.groundedAnswers,
      summaries: features.handoverSummaries,
      translations: features.translations,
      knowledge,
    });
    knowledge.close();
    if (json) console.log(JSON.stringify(report));
    else print(report, file);
    return 0;
  } finally {
    await storage.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
