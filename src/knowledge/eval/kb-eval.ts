import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, isLang, type Lang } from '../../i18n/languages';
import type { Matcher } from '../matcher/matcher';
import { reciprocalRank } from './metrics';

export interface KbQuestion {
  topic: string;
  language: Lang;
  question: string;
}

export interface KbScores {
  top1: number;
  mrr: number;
  n: number;
}

export interface KbMiss extends KbQuestion {
  predicted: string | null;
  rank: number | null;
}

export interface KbEvalResult {
  perLanguage: Partial<Record<Lang, KbScores>>;
  overall: KbScores;
  misses: KbMiss[];
}

/** Lines `topic<TAB>language<TAB>question`; blank lines and # comments are skipped. */
export function parseKbQuestions(text: string): KbQuestion[] {
  const out: KbQuestion[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const [topic, language, ...rest] = line.split('\t');
    const question = rest.join('\t').trim();
    if (!topic || !isLang(language?.trim()) || question === '')
      throw new Error(`line ${i + 1}: expected topic<TAB>language<TAB>question`);
    out.push({ topic: topic.trim(), language: language.trim() as Lang, question });
  });
  return out;
}

export function readKbQuestions(file: string): KbQuestion[] {
  try {
    return parseKbQuestions(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** The held-out question sets: every `kb-questions*.tsv` in `dir` (test/eval), in name order. */
export function kbQuestionFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^kb-questions.*\.tsv$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

function summarise(rows: ReadonlyArray<{ hit: boolean; rr: number }>): KbScores {
  const n = rows.length;
  return {
    top1: n ? rows.filter((r) => r.hit).length / n : 0,
    mrr: n ? rows.reduce((s, r) => s + r.rr, 0) / n : 0,
    n,
  };
}

/** Top-1 topic accuracy and MRR (over distinct topics of the results) per language. */
export function evaluateKb(matcher: Matcher, questions: readonly KbQuestion[]): KbEvalResult {
  const rows: Array<{ language: Lang; hit: boolean; rr: number }> = [];
  const misses: KbMiss[] = [];
  for (const q of questions) {
    const response = matcher.match(q.question, { language: q.language, limit: 10 });
    const topics = [...new Set(response.results.map((r) => r.topic))];
    const rr = reciprocalRank(topics, q.topic);
    const hit = topics[0] === q.topic;
    rows.push({ language: q.language, hit, rr });
    if (!hit) misses.push({ ...q, predicted: topics[0] ?? null, rank: rr > 0 ? Math.round(1 / rr) : null });
  }
  const perLanguage: Partial<Record<Lang, KbScores>> = {};
  for (const lang of LANGUAGES) {
    const mine = rows.filter((r) => r.language === lang);
    if (mine.length > 0) perLanguage[lang] = summarise(mine);
  }
  return { perLanguage, overall: summarise(rows), misses };
}
