import path from 'node:path';
import { run } from '../../../src/cli/commands/eval';
import { readLlmCases, type LlmEvalReport } from '../../../src/llm';
import { LANGUAGES } from '../../../src/i18n/languages';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../helpers/openai-compatible-server';

const CASES = path.join(__dirname, '../../eval/llm-cases.jsonl');

/** `firstline eval llm` in this process, with these settings; what it printed and its exit code. */
async function evalLlm(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    Object.assign(
      process.env,
      { CONTENT_DIR: path.join(__dirname, '../../../content'), LOG_LEVEL: 'silent' },
      env,
    );
    const code = await run(['llm', ...args]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.env = saved;
  }
}

describe('firstline eval llm', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });
  afterAll(() => server.close());

  it('ships at least 80 cases of every kind, in the four languages', () => {
    const cases = readLlmCases(CASES);
    expect(cases.length).toBeGreaterThanOrEqual(80);
    for (const language of LANGUAGES) {
      const grounded = cases.filter((c) => c.kind === 'grounded' && c.language === language);
      expect(
        grounded.filter((c) => c.kind === 'grounded' && c.expect === 'refuse').length,
      ).toBeGreaterThanOrEqual(5);
      expect(grounded.length).toBeGreaterThanOrEqual(15);
      expect(cases.some((c) => c.kind === 'summary' && c.language === language)).toBe(true);
      expect(cases.some((c) => c.kind === 'translation' && c.to === language)).toBe(true);
    }
  });

  it('runs every case against the configured endpoint and reports the measures', async () => {
    const env = { OPENAI_API_KEY: 'sk-eval', OPENAI_BASE_URL: server.baseURL, OPENAI_MODEL: 'fake-chat' };
    const { code, out } = await evalLlm(env, [CASES, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as LlmEvalReport;
    expect(report.cases).toBe(readLlmCases(CASES).length);
    expect(report.grounded.cases + report.summary.cases + report.translation.cases).toBe(report.cases);
    expect(report.grounded.citationAccuracy.of).toBe(44);
    expect(report.grounded.refusal.of).toBe(20);
    // The fake answers with the summary of the article that shares most words with the question.
    expect(report.grounded.groundedness.rate).toBe(1);
    expect(report.grounded.citationAccuracy.rate).toBeGreaterThan(0.5);
    expect(report.summary).toMatchObject({
      produced: { rate: 1 },
      atMostFiveLines: { rate: 1 },
      mentions: { rate: 1 },
    });
    expect(report.translation).toMatchObject({ produced: { rate: 1 }, keeps: { rate: 1 } });
    expect(report.latencyMs.p95).toBeGreaterThanOrEqual(report.latencyMs.p50);
    // Every case went to the model, with our instructions and nothing else as the system message.
    expect(server.chatRequests.length).toBeGreaterThanOrEqual(report.cases - 1);
    // The human-readable form names each measure.
    const text = await evalLlm(env, [CASES]);
    expect(text.out).toMatch(/citation accuracy[\s\S]*groundedness[\s\S]*refusal[\s\S]*latency ms: p50/);
  }, 120_000);

  it('says what to set without a key, and names the line of a bad case', async () => {
    const { code, err } = await evalLlm({ OPENAI_API_KEY: '', OPENAI_MODEL: '' }, [CASES]);
    expect(code).toBe(2);
    expect(err).toMatch(/OPENAI_API_KEY and OPENAI_MODEL/);
    expect(() => readLlmCases(path.join(__dirname, '../../fixtures/llm/injection-attacks.ts'))).toThrow(
      /:1: not JSON/,
    );
  });
});
