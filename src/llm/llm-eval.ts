import fs from 'node:fs';
import { z } from 'zod';
import { LANGUAGES, type Lang } from '../i18n/languages';
import type { MatchResponse } from '../knowledge/matcher';
import { groundingArticles, type GroundedAnswers, type SourceArticle } from './grounded-answers';
import type { HandoverSummaries } from './handover-summary';
import type { Translations } from './translations';

const lang = z.enum(LANGUAGES);
const groundedCase = z.strictObject({
  kind: z.literal('grounded'),
  language: lang,
  question: z.string().trim().min(1),
  /** The article that answers it, or "refuse": the knowledge base does not cover it. */
  expect: z.union([z.strictObject({ article: z.string().min(1) }), z.literal('refuse')]),
});
const summaryCase = z.strictObject({
  kind: z.literal('summary'),
  /** The technician's language, which the note must be written in. */
  language: lang,
  userLanguage: lang,
  problem: z.string(),
  facts: z.record(z.string(), z.string()).default({}),
  tried: z.array(z.string()).default([]),
  transcript: z.array(z.strictObject({ role: z.enum(['user', 'bot', 'technician']), text: z.string() })),
  /** Words the note must contain (product names, error codes, the mood...). */
  mentions: z.array(z.string().min(1)).min(1),
});
const translationCase = z.strictObject({
  kind: z.literal('translation'),
  from: lang,
  to: lang,
  text: z.string().trim().min(1),
  /** What must come through unchanged (error codes, names) or be in the translation. */
  keeps: z.array(z.string().min(1)).min(1),
});
const evalCase = z.discriminatedUnion('kind', [groundedCase, summaryCase, translationCase]);
export type LlmEvalCase = z.infer<typeof evalCase>;

/** Reads one case per line (JSON Lines); a bad line names its number. */
export function readLlmCases(file: string): LlmEvalCase[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const cases: LlmEvalCase[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${index + 1}: not JSON`);
    }
    const parsed = evalCase.safeParse(value);
    if (!parsed.success)
      throw new Error(`${file}:${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid case'}`);
    cases.push(parsed.data);
  });
  return cases;
}

export interface LlmEvalDeps {
  grounded: GroundedAnswers;
  summaries: HandoverSummaries;
  translations: Translations;
  knowledge: {
    match(text: string, options: { language: Lang }): MatchResponse;
    getArticle(id: string, language: Lang): { article: Omit<SourceArticle, 'id'> } | undefined;
  };
  /** Milliseconds, for latency. */
  now?: () => number;
}

interface Share {
  hits: number;
  of: number;
  rate: number;
}
const share = (hits: number, of: number): Share => ({ hits, of, rate: of === 0 ? 0 : hits / of });

export interface LlmEvalReport {
  cases: number;
  grounded: {
    cases: number;
    /** In-knowledge questions whose answer cites the expected article. */
    citationAccuracy: Share;
    /** Model answers (before the checks) supported by what they cite (half their words or more). */
    groundedness: Share;
    /** Out-of-knowledge questions answered "not covered" (or with no article to give). */
    refusal: Share;
    /** In-knowledge questions answered "not covered". */
    falseRefusal: Share;
    /** In-knowledge questions whose expected article was among those passed to the model. */
    retrieval: Share;
    perLanguage: Record<string, { citationAccuracy: Share; refusal: Share }>;
    outcomes: Record<string, number>;
  };
  summary: { cases: number; produced: Share; atMostFiveLines: Share; mentions: Share };
  translation: { cases: number; produced: Share; keeps: Share };
  latencyMs: { p50: number; p95: number; max: number };
  failures: string[];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const contains = (text: string, term: string) => text.toLowerCase().includes(term.toLowerCase());

/** Runs every case against the configured model, one after another, and measures the answers. */
export async function evaluateLlm(cases: readonly LlmEvalCase[], deps: LlmEvalDeps): Promise<LlmEvalReport> {
  const now = deps.now ?? (() => performance.now());
  const latencies: number[] = [];
  const failures: string[] = [];
  const g = {
    cited: 0,
    inKnowledge: 0,
    supported: 0,
    raw: 0,
    refused: 0,
    outside: 0,
    falseRefusal: 0,
    retrieved: 0,
  };
  const perLanguage: Record<
    string,
    { cited: number; inKnowledge: number; refused: number; outside: number }
  > = {};
  const outcomes: Record<string, number> = {};
  const s = { cases: 0, produced: 0, short: 0, mentioned: 0, mentions: 0 };
  const t = { cases: 0, produced: 0, kept: 0, keeps: 0 };
  let index = 0;
  for (const item of cases) {
    index++;
    const started = now();
    if (item.kind === 'grounded') {
      const language = item.language;
      const stats = (perLanguage[language] ??= { cited: 0, inKnowledge: 0, refused: 0, outside: 0 });
      const response = deps.knowledge.match(item.question, { language });
      const top = groundingArticles(
        response.results,
        (id) => deps.knowledge.getArticle(id, language)?.article,
      );
      const report = await deps.grounded.answerWithReport({
        conversationId: `eval-${index}`,
        question: item.question,
        language,
        articles: top.map((c) => c.article),
      });
      latencies.push(now() - started);
      outcomes[report.outcome] = (outcomes[report.outcome] ?? 0) + 1;
      if (report.raw) {
        g.raw++;
        if (report.raw.support >= 0.5) g.supported++;
      }
      const refused = report.outcome === 'notCovered' || report.outcome === 'skipped';
      if (item.expect === 'refuse') {
        g.outside++;
        stats.outside++;
        if (refused) {
          g.refused++;
          stats.refused++;
        } else
          failures.push(`#${index} [${language}] should refuse, got ${report.outcome}: ${item.question}`);
      } else {
        const expected = item.expect.article;
        g.inKnowledge++;
        stats.inKnowledge++;
        if (top.some((c) => c.article.id === expected)) g.retrieved++;
        if (refused) g.falseRefusal++;
        if (report.answer?.kind === 'answer' && report.answer.citations.includes(expected)) {
          g.cited++;
          stats.cited++;
        } else
          failures.push(
            `#${index} [${language}] expected ${expected}, got ${report.outcome} ${report.raw?.citations.join(',') ?? ''}: ${item.question}`,
          );
      }
    } else if (item.kind === 'summary') {
      s.cases++;
      const lines = await deps.summaries.summarise(
        {
          key: `eval-${index}`,
          conversationId: `eval-${index}`,
          problem: item.problem,
          facts: item.facts,
          tried: item.tried,
          userLanguage: item.userLanguage,
          transcript: item.transcript,
        },
        item.language,
      );
      latencies.push(now() - started);
      if (!lines) {
        failures.push(`#${index} summary: no note`);
        continue;
      }
      s.produced++;
      if (lines.length <= 5) s.short++;
      const text = lines.join('\n');
      s.mentions += item.mentions.length;
      s.mentioned += item.mentions.filter((term) => contains(text, term)).length;
    } else {
      t.cases++;
      const translated = await deps.translations.translate({
        conversationId: `eval-${index}`,
        text: item.text,
        from: item.from,
        to: item.to,
      });
      latencies.push(now() - started);
      if (!translated) {
        failures.push(`#${index} translation ${item.from}->${item.to}: none`);
        continue;
      }
      t.produced++;
      t.keeps += item.keeps.length;
      t.kept += item.keeps.filter((term) => contains(translated, term)).length;
    }
  }
  return {
    cases: cases.length,
    grounded: {
      cases: g.inKnowledge + g.outside,
      citationAccuracy: share(g.cited, g.inKnowledge),
      groundedness: share(g.supported, g.raw),
      refusal: share(g.refused, g.outside),
      falseRefusal: share(g.falseRefusal, g.inKnowledge),
      retrieval: share(g.retrieved, g.inKnowledge),
      perLanguage: Object.fromEntries(
        Object.entries(perLanguage).map(([language, x]) => [
          language,
          { citationAccuracy: share(x.cited, x.inKnowledge), refusal: share(x.refused, x.outside) },
        ]),
      ),
      outcomes,
    },
    summary: {
      cases: s.cases,
      produced: share(s.produced, s.cases),
      atMostFiveLines: share(s.short, s.produced),
      mentions: share(s.mentioned, s.mentions),
    },
    translation: { cases: t.cases, produced: share(t.produced, t.cases), keeps: share(t.kept, t.keeps) },
    latencyMs: {
      p50: Math.round(percentile(latencies, 50)),
      p95: Math.round(percentile(latencies, 95)),
      max: Math.round(Math.max(0, ...latencies)),
    },
    failures,
  };
}
