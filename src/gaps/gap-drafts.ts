import { stringify } from 'yaml';
import { LANGUAGES, type Lang } from '../i18n/languages';
import type { DraftArticleFile } from './draft-store';
import type { GapDetail } from './knowledge-gaps';

const MAX_STEPS = 8;
const MAX_EXAMPLES = 40;
const MAX_TITLE_CHARS = 90;

/** What a language model is given to improve a gap's draft (src/llm's article drafts). */
export interface GapDraftSource {
  problem: string;
  resolution: string;
  questions: readonly { text: string; language: Lang }[];
}

export interface GapDraftDeps {
  /** Taxonomy topics: the draft is filed under the gap's commonest one, or the fallback. */
  topics: () => readonly string[];
  fallbackTopic: string;
  /** The summary line in each language, from the UI strings (`gaps.draft.summary`). */
  summary: (lang: Lang, vars: { question: string }) => string;
  /** A language model's draft, when one is configured; undefined keeps the draft written here. */
  improve?: (source: GapDraftSource) => Promise<DraftArticleFile[] | undefined>;
  clock: () => Date;
}

/**
 * An article draft from a knowledge gap, in the content format: one file per language the
 * questions came in, their own questions as examples, the technicians' resolution notes as
 * steps. A language model, when configured, writes the four languages from the same material.
 */
export async function draftFromGap(
  gap: GapDetail,
  deps: GapDraftDeps,
): Promise<{ files: DraftArticleFile[]; byModel: boolean }> {
  const notes = gap.resolutionNotes.map((n) => n.note);
  const typical = gap.examples[0]?.text ?? gap.questions[0]?.text ?? '';
  if (deps.improve) {
    const improved = await deps.improve({
      problem: typical,
      resolution: notes.join('\n'),
      questions: gap.questions,
    });
    if (improved && improved.length > 0) return { files: improved, byModel: true };
  }
  const known = new Set(deps.topics());
  const topic = gap.topics.find((t) => known.has(t)) ?? deps.fallbackTopic;
  const id = articleId(gap);
  const steps = stepsFrom(notes);
  const files: DraftArticleFile[] = [];
  for (const lang of LANGUAGES) {
    // The most typical questions first: the title is the first of them.
    const all = [...gap.examples, ...gap.questions];
    const questions = unique(all.filter((q) => q.language === lang).map((q) => q.text));
    if (questions.length === 0) continue;
    const frontMatter = {
      id,
      title: titleFrom(questions[0]!),
      language: lang,
      topic,
      tags: gap.terms.slice(0, 5).map((term) => term.replace(/-/g, ' ')),
      examples: questions.slice(0, MAX_EXAMPLES),
      audience: ['employee'],
      owner: 'service-desk',
      lastReviewed: deps.clock().toISOString().slice(0, 10),
    };
    const summary = deps.summary(lang, { question: questions[0]! });
    const body = steps.map((step, i) => `${i + 1}. ${step}`).join('\n');
    files.push({
      path: `${topic}/${id}.${lang}.md`,
      content: `---\n${stringify(frontMatter).trim()}\n---\n${summary}\n\n## Steps\n${body}\n`,
    });
  }
  return { files, byModel: false };
}

/** Each note's sentences or lines as steps, numbering and bullets removed, repeats left out. */
export function stepsFrom(notes: readonly string[]): string[] {
  const steps: string[] = [];
  for (const note of notes) {
    const pieces = note
      .split(/\n+|(?<=[.!?])\s+(?=[A-ZÄÖÜĄĆĘŁŃÓŚŹŻĂÂÎȘȚ0-9])/u)
      .map((s) => s.replace(/^\s*(\d+[.)]|[-*•])\s*/, '').trim())
      .filter((s) => s.length > 2);
    for (const piece of pieces)
      if (!steps.some((s) => s.toLowerCase() === piece.toLowerCase())) steps.push(piece);
  }
  return steps.slice(0, MAX_STEPS);
}

function articleId(gap: GapDetail): string {
  const words = gap.terms
    .map((t) =>
      t
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
    )
    .filter(Boolean)
    .slice(0, 3);
  return ['gap', ...words].join('-').slice(0, 60).replace(/-$/, '');
}

function titleFrom(question: string): string {
  const text = question.replace(/\s+/g, ' ').trim();
  const capped = text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS - 1)}…` : text;
  return capped.charAt(0).toUpperCase() + capped.slice(1);
}

function unique(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  return texts.filter((t) => {
    const key = t.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
