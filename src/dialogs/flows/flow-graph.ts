import { OUTCOME_TYPES, type FlowDefinition, type FlowNode } from './flow-schema';
import type { YamlPath } from './load-flows';

/** One way out of a node; `target` is undefined when the author left the slot empty. */
export interface FlowEdge {
  label: string;
  target: string | undefined;
  /** Path of the slot inside the node, for line numbers. */
  path: YamlPath;
}

/** Every way out of a node, including empty ones (dead ends). Outcomes have none. */
export function nodeEdges(node: FlowNode): FlowEdge[] {
  switch (node.type) {
    case 'question':
      switch (node.input) {
        case 'choice':
          return node.options.map((o, i) => ({
            label: `option "${o.value}"`,
            target: o.next,
            path: ['options', i, 'next'],
          }));
        case 'yesno':
          return [
            { label: 'yes', target: node.next.yes, path: ['next', 'yes'] },
            { label: 'no', target: node.next.no, path: ['next', 'no'] },
          ];
        default:
          return [{ label: 'next', target: node.next, path: ['next'] }];
      }
    case 'collect':
      return [{ label: 'next', target: node.next, path: ['next'] }];
    case 'step':
    case 'article':
      return [
        { label: 'worked', target: node.next.worked, path: ['next', 'worked'] },
        { label: 'failed', target: node.next.failed, path: ['next', 'failed'] },
      ];
    case 'branch':
      return [
        ...node.cases.map((c, i) => ({ label: `case ${i + 1}`, target: c.next, path: ['cases', i, 'next'] })),
        { label: 'default', target: node.default, path: ['default'] },
      ];
    default:
      return [];
  }
}

export function isOutcome(node: FlowNode): boolean {
  return OUTCOME_TYPES.has(node.type);
}

/** Node ids reachable from `start` along edges that point at existing nodes. */
export function reachableFrom(flow: FlowDefinition, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    const node = flow.nodes[id];
    if (!node || seen.has(id)) continue;
    seen.add(id);
    for (const edge of nodeEdges(node)) if (edge.target !== undefined) queue.push(edge.target);
  }
  return seen;
}

/**
 * Nodes from which the flow can still finish: reach an outcome, or a slot already reported as a
 * dead end (so one mistake is not reported twice).
 */
export function canFinish(flow: FlowDefinition): Set<string> {
  const finishing = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [id, node] of Object.entries(flow.nodes)) {
      if (finishing.has(id)) continue;
      const edges = nodeEdges(node);
      const done =
        isOutcome(node) ||
        edges.some((e) => e.target === undefined || !flow.nodes[e.target] || finishing.has(e.target));
      if (done) {
        finishing.add(id);
        changed = true;
      }
    }
  }
  return finishing;
}

/** Strongly connected components (Tarjan), each a list of node ids. */
export function stronglyConnected(flow: FlowDefinition): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const successors = (id: string): string[] => {
    const node = flow.nodes[id];
    if (!node) return [];
    return nodeEdges(node)
      .map((e) => e.target)
      .filter((t): t is string => t !== undefined && flow.nodes[t] !== undefined);
  };
  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    for (const next of successors(id)) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id) as number, index.get(next) as number));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      components.push(component.reverse());
    }
  };
  for (const id of Object.keys(flow.nodes)) if (!index.has(id)) visit(id);
  return components;
}

/** Whether a component is a cycle (more than one node, or a node pointing at itself). */
export function isCycle(flow: FlowDefinition, component: string[]): boolean {
  const only = component[0];
  if (component.length !== 1 || only === undefined) return component.length > 1;
  const node = flow.nodes[only];
  return node !== undefined && nodeEdges(node).some((e) => e.target === only);
}
