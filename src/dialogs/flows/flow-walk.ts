import { conditionHolds } from './flow-answers';
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
}

/**
 * Where a question goes without asking, because its fact is already known (from the first
 * message, an earlier answer or another flow). Undefined: ask.
 */
export function skipKnown(
  node: FlowNode,
  facts: Readonly<Record<string, string>>,
): { next: string | undefined; answer?: string } | undefined {
  if (node.type === 'collect') return facts[node.fact] !== undefined ? { next: node.next } : undefined;
  if (node.type !== 'question' || node.fact === undefined) return undefined;
  const known = facts[node.fact];
  if (known === undefined) return undefined;
  switch (node.input) {
    case 'choice': {
      // A known value the question does not offer ("linux" for a Windows/Mac question) is asked.
      const option = node.options.find((o) => o.value === known);
      return option ? { next: option.next, answer: option.value } : undefined;
    }
    case 'yesno':
      if (known === 'yes') return { next: node.next.yes, answer: known };
      if (known === 'no') return { next: node.next.no, answer: known };
      return undefined;
    default:
      return { next: node.next, answer: known };
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
