import type { Lang } from '../i18n/languages';
import type { FlowCaseFile, StepResult } from '../tickets/case-file';
import type { StoredDocument } from '../storage/ports';

/** What became of a problem, as the reports count it ('abandoned' is derived when they are read). */
export const CASE_OUTCOMES = [
  'resolved-confirmed',
  'resolved-assumed',
  'handed-over',
  'ticket',
  'unanswered',
  'out-of-scope',
  'open',
] as const;
export type CaseRecordOutcome = (typeof CASE_OUTCOMES)[number];

export interface ArticleUse {
  articleId: string;
  /** True: the user said it worked; false: it did not; absent: no answer. */
  helped?: boolean;
  steps: { step: number; result: StepResult }[];
}

export interface FlowUse {
  flowId: string;
  /** In the order the user went through them. */
  steps: { nodeId: string; result: 'worked' | 'failed' | 'answered' }[];
  /** The last step reached: where a user who left dropped out (the flow funnel). */
  lastNodeId?: string;
}

/** One problem the bot handled, as the reports need it: no names, the first message redacted. */
export interface CaseRecord extends StoredDocument {
  conversationId: string;
  /** For privacy export and erasure. */
  userId: string;
  channelId: string;
  language: Lang;
  topic?: string;
  outcome: CaseRecordOutcome;
  articles: ArticleUse[];
  flows: FlowUse[];
  /** The user's first description of the problem, secrets removed. */
  firstMessage?: string;
  openedAt: string;
  /** UTC day the case opened (YYYY-MM-DD): what a date range selects on. */
  day: string;
  /** When the outcome stopped being open. */
  closedAt?: string;
  /** From opening to closing. */
  durationMs?: number;
  /** When the record was last written: an open case is abandoned when this is old enough. */
  updatedAt: string;
}

/** The case file as it is kept in conversation state, with which record stands for it. */
export type TrackedCaseFile = FlowCaseFile & {
  insight?: { id: string; outcome: CaseRecordOutcome; openedAt: string; progress?: number };
};

/**
 * How far the user got: steps tried, questions answered, articles answered. A record is written
 * again when this grows, so the funnel sees where an abandoned flow stopped.
 */
export function progressOf(file: FlowCaseFile): number {
  return (
    file.steps.length +
    (file.answers?.length ?? 0) +
    (file.flowSteps?.length ?? 0) +
    file.suggestions.filter((s) => s.helped !== undefined).length
  );
}

/** True when the case file holds a problem the bot dealt with (not only a greeting). */
export function isCase(file: FlowCaseFile): boolean {
  return (
    file.descriptions.length > 0 ||
    file.outcome !== undefined ||
    file.handoffRequested !== undefined ||
    file.ticketRequested !== undefined
  );
}

/** The outcome the case file shows now. */
export function outcomeOf(file: FlowCaseFile): CaseRecordOutcome {
  if (file.ticketRequested) return 'ticket';
  if (file.outcome === 'handoffRequested' || file.handoffRequested) return 'handed-over';
  // The case file only says 'resolved' when the user told the bot a step or an article worked.
  if (file.outcome === 'resolved') return 'resolved-confirmed';
  const answered =
    file.suggestions.length > 0 || (file.answers?.length ?? 0) > 0 || (file.flowSteps?.length ?? 0) > 0;
  if (!answered && file.consecutiveMisses > 0) return 'unanswered';
  return 'open';
}

/** The record's fields from the case file (everything but id, version, and who it was for). */
export function recordFields(
  file: FlowCaseFile,
  outcome: CaseRecordOutcome,
  openedAt: string,
  now: Date,
): Omit<CaseRecord, 'id' | 'version' | 'conversationId' | 'userId' | 'channelId'> {
  const closed = outcome !== 'open' && outcome !== 'unanswered';
  const closedAt = closed ? now.toISOString() : undefined;
  return {
    language: file.language,
    ...(file.topic ? { topic: file.topic } : {}),
    outcome,
    articles: articlesOf(file),
    flows: flowsOf(file),
    ...(file.problem ? { firstMessage: file.problem } : {}),
    openedAt,
    day: openedAt.slice(0, 10),
    ...(closedAt
      ? { closedAt, durationMs: Math.max(0, now.getTime() - Date.parse(openedAt)) }
      : { closedAt: undefined, durationMs: undefined }),
    updatedAt: now.toISOString(),
  };
}

function articlesOf(file: FlowCaseFile): ArticleUse[] {
  const byId = new Map<string, ArticleUse>();
  for (const s of file.suggestions) {
    const use = byId.get(s.articleId) ?? { articleId: s.articleId, steps: [] };
    if (s.helped !== undefined) use.helped = s.helped;
    byId.set(s.articleId, use);
  }
  for (const step of file.steps) {
    const use = byId.get(step.articleId) ?? { articleId: step.articleId, steps: [] };
    use.steps.push({ step: step.step, result: step.result });
    byId.set(step.articleId, use);
  }
  return [...byId.values()];
}

function flowsOf(file: FlowCaseFile): FlowUse[] {
  const byId = new Map<string, FlowUse>();
  const use = (flowId: string) => {
    const found = byId.get(flowId) ?? { flowId, steps: [] };
    byId.set(flowId, found);
    return found;
  };
  const steps = [
    ...(file.answers ?? []).map((a) => ({ ...a, result: 'answered' as const })),
    ...(file.flowSteps ?? []),
  ].sort((a, b) => a.at.localeCompare(b.at));
  for (const step of steps) {
    const flow = use(step.flowId);
    flow.steps.push({ nodeId: step.nodeId, result: step.result });
    flow.lastNodeId = step.nodeId;
  }
  for (const end of [file.resolution, file.handoffRequested, file.ticketRequested]) if (end) use(end.flowId);
  return [...byId.values()];
}
