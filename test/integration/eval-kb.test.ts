import { readFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../src/cli/commands/eval';
import { kbQuestionFiles, parseKbQuestions } from '../../src/knowledge/eval/kb-eval';

const QUESTIONS = path.resolve(__dirname, '..', 'eval', 'kb-questions.tsv');
const FRESH = path.resolve(__dirname, '..', 'eval', 'kb-questions-fresh.tsv');
const TOPICS60 = path.resolve(__dirname, '..', 'eval', 'kb-questions-topics60.tsv');
const LANGUAGES = ['en', 'de', 'pl', 'ro'];

interface KbEvalJson {
  perLanguage: Record<string, { top1: number; mrr: number; n: number }>;
  overall: { top1: number; mrr: number; n: number };
}

async function evalKb(file = QUESTIONS): Promise<KbEvalJson> {
  const lines: string[] = [];
  const spy = jest
    .spyOn(console, 'log')
    .mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    expect(await run(['kb', file, '--json'])).toBe(0);
  } finally {
    spy.mockRestore();
  }
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '{}') as KbEvalJson;
}

describe('eval kb on the independent question set', () => {
  it('has at least 5 questions per topic in every language', () => {
    const questions = parseKbQuestions(readFileSync(QUESTIONS, 'utf8'));
    const topics = new Set(questions.map((q) => q.topic));
    expect(topics.size).toBe(26);
    for (const topic of topics)
      for (const language of LANGUAGES)
        expect(
          questions.filter((q) => q.topic === topic && q.language === language).length,
        ).toBeGreaterThanOrEqual(5);
  });

  it('finds the right topic first for at least 95 % of the questions in each language', async () => {
    const result = await evalKb();
    console.log(
      `eval kb top-1: ${LANGUAGES.map((l) => `${l} ${(100 * (result.perLanguage[l]?.top1 ?? 0)).toFixed(1)} %`).join(', ')}`,
    );
    for (const language of LANGUAGES) {
      expect(result.perLanguage[language]?.n).toBeGreaterThanOrEqual(130);
      expect(result.perLanguage[language]?.top1).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('does the same on the second batch, written after all tuning and measured once (98-99 %)', async () => {
    const result = await evalKb(FRESH);
    for (const language of LANGUAGES) {
      expect(result.perLanguage[language]?.n).toBe(104);
      expect(result.perLanguage[language]?.top1).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe('the evaluation sets for the topics added by issue 18', () => {
  it('has at least 6 questions per new topic in every language, none for a shipped topic', () => {
    const questions = parseKbQuestions(readFileSync(TOPICS60, 'utf8'));
    const shipped = new Set(parseKbQuestions(readFileSync(QUESTIONS, 'utf8')).map((q) => q.topic));
    const topics = new Set(questions.map((q) => q.topic));
    expect(topics.size).toBe(34);
    for (const topic of topics) {
      expect(shipped.has(topic)).toBe(false);
      for (const language of LANGUAGES)
        expect(
          questions.filter((q) => q.topic === topic && q.language === language).length,
        ).toBeGreaterThanOrEqual(6);
    }
  });

  it('shares no question with the older sets', () => {
    const older = new Set(
      [QUESTIONS, FRESH].flatMap((file) =>
        parseKbQuestions(readFileSync(file, 'utf8')).map((q) => q.question.toLowerCase()),
      ),
    );
    const shared = parseKbQuestions(readFileSync(TOPICS60, 'utf8')).filter((q) =>
      older.has(q.question.toLowerCase()),
    );
    expect(shared).toEqual([]);
  });

  it('is one of the sets `eval kb` reads when no file is named', () => {
    expect(kbQuestionFiles(path.dirname(QUESTIONS))).toEqual([FRESH, TOPICS60, QUESTIONS]);
  });
});
