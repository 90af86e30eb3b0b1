import { recogniseChoice } from '../choices';
import { withoutChangeOfMind } from '../topic-switch';
import { nodeOptions, type AnswerContext } from './flow-answers';
import type { FlowCaseFile } from './flow-case';
import type { FlowNode } from './flow-schema';
import type { FlowDialogState, Position } from './flow-walk';

/** An earlier answer of this flow the user takes back, and the one they give instead. */
export interface Correction {
  at: Position;
  value: string;
  next: string | undefined;
}

/**
 * "Actually it's for me", "właściwie dla mnie", "eigentlich nur lesen", typed at a later question
 * of the same form: the user changes an earlier choice, not the answer on screen. Found when the
 * message says so (a `changeOfMind` cue) and what follows the cue picks another option of a
 * choice question answered before, the most recent such question first. Undefined otherwise.
 */
export function correctionOf(
  text: string,
  state: FlowDialogState,
  nodeAt: (at: Position) => FlowNode | undefined,
  ctx: AnswerContext,
): Correction | undefined {
  const rest = withoutChangeOfMind(text, ctx.words);
  if (!rest) return undefined;
  for (let index = state.history.length - 1; index >= 0; index--) {
    const at = state.history[index]!;
    if (at.flowId !== state.at.flowId) continue;
    const node = nodeAt(at);
    if (node?.type !== 'question' || node.input !== 'choice') continue;
    const value = recogniseChoice({ text: rest }, nodeOptions(node, ctx), undefined, ctx.words);
    const option = node.options.find((o) => o.value === value);
    if (!option || state.answers[`${at.flowId}/${at.nodeId}`] === option.value) continue;
    return { at, value: option.value, next: option.next };
  }
  return undefined;
}

/**
 * The detail said with the last pick ("for someone else, Maria Lopez") became the answer of the
 * question after it ("Who should get it?"): it is no longer shown with the pick as well.
 */
export function detailAnswered(file: FlowCaseFile, state: FlowDialogState): void {
  const pick = state.history.at(-1);
  if (!pick) return;
  const key = `${pick.flowId}/${pick.nodeId}`;
  if (state.said?.[key]) state.said = { ...state.said, [key]: '' };
  const answer = file.answers?.findLast((a) => a.flowId === pick.flowId && a.nodeId === pick.nodeId);
  if (answer) delete answer.said;
}
