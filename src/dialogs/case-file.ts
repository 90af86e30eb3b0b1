import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Lang } from '../i18n/languages';
import type { ArticleSuggestion, CaseFile, CaseOutcome, StepResult } from '../tickets/case-file';

export type { ArticleSuggestion, CaseFile, CaseOutcome, StepAttempt, StepResult } from '../tickets/case-file';

/** Where a dialog reads and writes the conversation's case file (the router's `CaseFileStore`). */
export interface CaseFileSource {
  current(context: TurnContext, language: Lang): Promise<CaseFile>;
}

// Rephrasings of one problem are kept, but a chat that goes on for hours must not grow state forever.
const MAX_DESCRIPTIONS = 20;
const MAX_STEPS = 100;

export function openCase(language: Lang, now: Date, problem?: string): CaseFile {
  const at = now.toISOString();
  return {
    problem,
    descriptions: problem ? [problem] : [],
    language,
    facts: {},
    suggestions: [],
    steps: [],
    consecutiveMisses: 0,
    openedAt: at,
    updatedAt: at,
  };
}

/**
 * Known facts are not overwritten by guesses from free text; explicit answers do overwrite. True
 * when the case learnt a fact it did not have before ("it's a ThinkPad" when no device was known).
 */
export function learnFacts(
  file: CaseFile,
  facts: Readonly<Record<string, string | undefined>>,
  overwrite = false,
): boolean {
  let learnt = false;
  for (const [name, value] of Object.entries(facts)) {
    if (value === undefined || value === '') continue;
    if (file.facts[name] === undefined) learnt = true;
    if (overwrite || file.facts[name] === undefined) file.facts = { ...file.facts, [name]: value };
  }
  return learnt;
}

/** A resolved case is closed: the next problem the user describes starts a new one. */
export function isClosed(file: CaseFile): boolean {
  return file.outcome === 'resolved';
}

export function addDescription(file: CaseFile, text: string, language: Lang, now: Date): void {
  file.problem ??= text;
  file.descriptions = [...file.descriptions, text].slice(-MAX_DESCRIPTIONS);
  file.language = language;
  touch(file, now);
}

export function recordSuggestion(
  file: CaseFile,
  suggestion: Omit<ArticleSuggestion, 'suggestedAt' | 'helped'>,
  now: Date,
): void {
  file.suggestions.push({ ...suggestion, suggestedAt: now.toISOString() });
  touch(file, now);
}

export function markHelped(file: CaseFile, articleId: string, helped: boolean, now: Date): void {
  const suggestion = [...file.suggestions].reverse().find((s) => s.articleId === articleId);
  if (suggestion) suggestion.helped = helped;
  touch(file, now);
}

export function recordStep(
  file: CaseFile,
  articleId: string,
  step: number,
  result: StepResult,
  now: Date,
  said?: string,
): void {
  const attempt = {
    articleId,
    step,
    result,
    ...(said ? { said: clipSaid(said) } : {}),
    at: now.toISOString(),
  };
  file.steps = [...file.steps, attempt].slice(-MAX_STEPS);
  touch(file, now);
}

const MAX_SAID = 300;

/** What the user said about a step, as kept on the case file: trimmed and at most 300 characters. */
export function clipSaid(text: string): string {
  return text.trim().slice(0, MAX_SAID);
}

export function setOutcome(file: CaseFile, outcome: CaseOutcome, now: Date): void {
  file.outcome = outcome;
  touch(file, now);
}

export function recordMiss(file: CaseFile, now: Date): number {
  file.consecutiveMisses += 1;
  touch(file, now);
  return file.consecutiveMisses;
}

export function clearMisses(file: CaseFile, now: Date): void {
  file.consecutiveMisses = 0;
  touch(file, now);
}

function touch(file: CaseFile, now: Date): void {
  file.updatedAt = now.toISOString();
}

/** Reads and writes the case file of the current conversation (saved with conversation state). */
export class CaseFileStore {
  constructor(
    private readonly accessor: StatePropertyAccessor<CaseFile | undefined>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  now(): Date {
    return this.clock();
  }

  async get(context: TurnContext): Promise<CaseFile | undefined> {
    return this.accessor.get(context);
  }

  /** The open case, or a new one when there is none or the last one was resolved. */
  async current(context: TurnContext, language: Lang): Promise<CaseFile> {
    const existing = await this.accessor.get(context);
    if (existing && !isClosed(existing)) return existing;
    const file = openCase(language, this.clock());
    await this.accessor.set(context, file);
    return file;
  }

  /** Notes a new description of the problem, opening a case when needed. */
  async describe(context: TurnContext, text: string, language: Lang): Promise<CaseFile> {
    const file = await this.current(context, language);
    addDescription(file, text, language, this.clock());
    return file;
  }

  async reset(context: TurnContext): Promise<void> {
    await this.accessor.delete(context);
  }
}
