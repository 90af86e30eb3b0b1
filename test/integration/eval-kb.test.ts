import { readFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../src/cli/commands/eval';
import { kbQuestionFiles, parseKbQuestions } from '../../src/knowledge/eval/kb-eval';

const QUESTIONS = path.resolve(__dirname, '..', 'eval', 'kb-questions.tsv');
const FRESH = path.resolve(__dirname, '..', 'eval', 'kb-questions-fresh.tsv');
const TOPICS60 = path.resolve(__dirname, '..', 'eval', 'kb-questions-topics60.tsv');
const RELABEL = path.resolve(__dirname, '..', 'eval', 'relabel-2026-12-06.tsv');
const LANGUAGES = ['en', 'de', 'pl', 'ro'];

interface Relabel {
  from: string;
  to: string;
  language: string;
  question: string;
}

/** The record of the lines of the first two sets relabelled when the taxonomy grew to 60 topics. */
function relabels(): Relabel[] {
  return readFileSync(RELABEL, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [from = '', to = '', language = '', question = ''] = line.split('\t');
      return { from, to, language, question };
    });
}

/**
 * The 26 topics the first two sets were written for: their topics minus those that lines only
 * reached by the recorded relabelling.
 */
function shippedTopics(): Set<string> {
  const relabelledTo = new Set(relabels().map((r) => r.to));
  return new Set(
    parseKbQuestions(readFileSync(QUESTIONS, 'utf8'))
      .map((q) => q.topic)
      .filter((topic) => !relabelledTo.has(topic)),
  );
}

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
  it('has at least 5 questions per shipped topic in every language', () => {
    const questions = parseKbQuestions(readFileSync(QUESTIONS, 'utf8'));
    const topics = shippedTopics();
    expect(topics.size).toBe(26);
    for (const topic of topics)
      for (const language of LANGUAGES)
        expect(
          questions.filter((q) => q.topic === topic && q.language === language).length,
        ).toBeGreaterThanOrEqual(5);
  });

  // The 26-topic knowledge base scored 95-97 % here. Growing it to 60 topics (issue 18) brought it
  // down to 88.7-92.4 % (2026-12-06, after the blind relabelling): new topics now compete for the
  // same words. Re-measured 2026-12-07 after the scope clean-up of the older articles and the
  // Polish and German analysis: 95.4 / 93.2 / 92.9 / 93.2 %. Issue 18's target stays
  // 95 %; until it is met these floors, about two points under, keep the score from slipping.
  it('finds the right topic first for at least 91 % of the questions in each language', async () => {
    const result = await evalKb();
    console.log(
      `eval kb top-1: ${LANGUAGES.map((l) => `${l} ${(100 * (result.perLanguage[l]?.top1 ?? 0)).toFixed(1)} %`).join(', ')}`,
    );
    for (const language of LANGUAGES) {
      expect(result.perLanguage[language]?.n).toBeGreaterThanOrEqual(130);
      expect(result.perLanguage[language]?.top1).toBeGreaterThanOrEqual(0.91);
    }
  });

  // 95.2-96.2 % on 2026-12-07.
  it('keeps at least 93 % on the second batch (98-99 % with 26 topics, 92.3-94.2 % with 60)', async () => {
    const result = await evalKb(FRESH);
    for (const language of LANGUAGES) {
      expect(result.perLanguage[language]?.n).toBe(104);
      expect(result.perLanguage[language]?.top1).toBeGreaterThanOrEqual(0.93);
    }
  });
});

describe('the evaluation sets for the topics added by issue 18', () => {
  it('has at least 6 questions per new topic in every language, none for a shipped topic', () => {
    const questions = parseKbQuestions(readFileSync(TOPICS60, 'utf8'));
    const shipped = shippedTopics();
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

  // Measured when the articles landed (2026-12-06): 90.8 / 88.6 / 86.0 / 92.3 % (en/de/pl/ro); on
  // 2026-12-07 92.0 / 91.2 / 88.6 / 94.1 %. Issue 18 asks for 95 %; this floor only stops a slide.
  it('finds the right new topic first for at least 86 % of its questions in each language', async () => {
    const result = await evalKb(TOPICS60);
    for (const language of LANGUAGES) {
      expect(result.perLanguage[language]?.n).toBeGreaterThanOrEqual(34 * 6);
      expect(result.perLanguage[language]?.top1).toBeGreaterThanOrEqual(0.86);
    }
  });

  it('the relabelled lines of the older sets match their record and name an added topic', () => {
    const added = new Set(parseKbQuestions(readFileSync(TOPICS60, 'utf8')).map((q) => q.topic));
    const older = [QUESTIONS, FRESH].flatMap((file) => parseKbQuestions(readFileSync(file, 'utf8')));
    const shipped = shippedTopics();
    const records = relabels();
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(shipped.has(record.from)).toBe(true);
      expect(added.has(record.to)).toBe(true);
      expect(
        older.filter(
          (q) => q.question === record.question && q.language === record.language && q.topic === record.to,
        ).length,
      ).toBeGreaterThanOrEqual(1);
    }
    const relabelledQuestions = new Set(records.map((r) => r.question));
    expect(older.filter((q) => !shipped.has(q.topic) && !relabelledQuestions.has(q.question))).toEqual([]);
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
