import { mentionedChoice } from '../choices';
import { allPhrases, conditionHolds } from './flow-answers';
import type { FlowLibrary } from './flow-library';
import type { FlowNode } from './flow-schema';

export interface Position {
  flowId: string;
  nodeId: string;
  /** 0-based step of an article node's walk-through. */
  articleStep?: number;
}

/** Saved in dialog state after every turn; plain JSON. */
export interface FlowDialogState {
  at: Position;
  /** Nodes answered before, most recent last: "back" returns to the last one. */
  history: Position[];
  /** Answers by `flowId/nodeId`, for branches on answers. */
  answers: Record<string, string>;
  reprompts: number;
  lastActiveAt: string;
  /** Waiting for "continue or start fresh?" after a long pause. */
  resuming?: boolean;
  /**
   * What the user wrote that questions may be answered from: the problem that started the flow
   * and typed answers since, most recent last (bounded). Older states have none.
   */
  heard?: string[];
  /** The unrecognised message asked about with "Is this a new problem?". */
  confirmingNewProblem?: string;
  /** The request topic the request form runs for (request-form.ts); other flows have their own. */
  topic?: string;
  /** What the user wrote with a pick that said more ("my manager Tom Baker"), by `flowId/nodeId`. */
  said?: Record<string, string>;
  /**
   * What followed the last pick ("for someone else, Maria Lopez"), for the text question that
   * pick leads to ("Who should get it?"), which it answers.
   */
  detailFor?: { nodeId: string; text: string };
}

/**
 * Answering a question again (the user came back to it to change it) forgets the answers given
 * after its last answer: the path from it may be another now, and a question it no longer leads
 * to must not stay on the request's form. Those still on the path are asked again anyway.
 */
export function forgetLaterAnswers(state: FlowDialogState): void {
  const { flowId, nodeId } = state.at;
  const same = (p: Position | undefined) => p?.flowId === flowId && p.nodeId === nodeId;
  // The position on screen may already be on the history (a typed answer) or not (a pre-filled one).
  const end = same(state.history.at(-1)) ? state.history.length - 1 : state.history.length;
  const before = state.history.slice(0, end);
  const last = before.findLastIndex(same);
  if (last < 0) return;
  // That pass ends where the user went back to an earlier question (which started a new one).
  const earlier = new Set(before.slice(0, last).map((p) => `${p.flowId}/${p.nodeId}`));
  for (const p of before.slice(last + 1)) {
    const key = `${p.flowId}/${p.nodeId}`;
    if (earlier.has(key)) return;
    delete state.answers[key];
  }
}

/** Whether the walk has been at its current position before (it is on the history). */
export function visitedBefore(state: FlowDialogState): boolean {
  const { flowId, nodeId } = state.at;
  return state.history.some((p) => p.flowId === flowId && p.nodeId === nodeId);
}

const MAX_HEARD = 12;
const MAX_HEARD_CHARS = 1000;

/** Notes what the user wrote, for pre-filling later questions. */
export function hear(state: FlowDialogState, text: string | undefined): void {
  const clean = text?.trim().slice(0, MAX_HEARD_CHARS);
  if (!clean || state.heard?.includes(clean)) return;
  state.heard = [...(state.heard ?? []), clean].slice(-MAX_HEARD);
}

/**
 * Where a question goes without asking, because the user already gave the answer: its fact is
 * known (from the first message, an earlier answer or another flow), an option's `prefill`
 * phrase is in what they wrote, a text question's `prefillFrom` fact is known, or the pick that
 * led to a text question said its answer too (`detail`: "for someone else, Maria Lopez").
 * Undefined: ask.
 */
export function skipKnown(
  node: FlowNode,
  facts: Readonly<Record<string, string>>,
  heard: readonly string[] = [],
  detail?: string,
): { next: string | undefined; answer: string } | undefined {
  if (node.type === 'collect') {
    const known = facts[node.fact];
    return known !== undefined ? { next: node.next, answer: known } : undefined;
  }
  if (node.type !== 'question') return undefined;
  const known = node.fact === undefined ? undefined : facts[node.fact];
  switch (node.input) {
    case 'choice': {
      // A known value the question does not offer ("linux" for a Windows/Mac question) is asked.
      const byFact = node.options.find((o) => o.value === known);
      const mentioned = mentionedChoice(
        heard,
        node.options.map((o) => ({ value: o.value, label: '', mentions: allPhrases(o.prefill) })),
      );
      const option = byFact ?? node.options.find((o) => o.value === mentioned);
      return option ? { next: option.next, answer: option.value } : undefined;
    }
    case 'yesno':
      if (known === 'yes') return { next: node.next.yes, answer: known };
      if (known === 'no') return { next: node.next.no, answer: known };
      return undefined;
    case 'text': {
      const told = detail && detail.length >= (node.validate?.minLength ?? 1) ? detail : undefined;
      const value =
        known ?? (node.prefillFrom ?? []).map((f) => facts[f]).find((v) => v !== undefined) ?? told;
      return value === undefined ? undefined : { next: node.next, answer: value };
    }
    default:
      return known === undefined ? undefined : { next: node.next, answer: known };
  }
}

/**
 * The next position after a node that needs no answer: a branch's matching case, a goto's
 * target flow. 'outcome' for nodes that end the flow; undefined when the flow is broken.
 */
export function nextNode(
  node: FlowNode,
  state: FlowDialogState,
  facts: Readonly<Record<string, string>>,
  library: FlowLibrary,
): Position | 'outcome' | undefined {
  const { flowId } = state.at;
  if (node.type === 'branch') {
    const answers = Object.fromEntries(
      Object.entries(state.answers)
        .filter(([key]) => key.startsWith(`${flowId}/`))
        .map(([key, value]) => [key.slice(flowId.length + 1), value]),
    );
    const hit = node.cases.find((c) => conditionHolds(c.when, facts, answers));
    const target = hit?.next ?? node.default;
    return target === undefined ? undefined : { flowId, nodeId: target };
  }
  if (node.type === 'goto') {
    const flow = library.get(node.flow);
    return flow ? { flowId: flow.id, nodeId: flow.start } : undefined;
  }
  if (node.type === 'resolved' || node.type === 'escalate' || node.type === 'ticket') return 'outcome';
  return undefined;
}
