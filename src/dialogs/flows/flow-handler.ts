import { startInPlace } from '../dialog-services';
import type { ProblemHandler } from '../problem-handlers';
import { FLOW_DIALOG, FlowDialog, type FlowDialogOptions, type FlowEngineDeps } from './flow-dialog';

/**
 * Diagnostic flows as a kind of problem the router hands over to: when a flow is the best
 * match, its dialog replaces whatever was active and starts at the flow's first node.
 */
export function flowHandler(deps: FlowEngineDeps): ProblemHandler {
  return {
    kind: 'flow',
    dialogs: [new FlowDialog(deps)],
    start: (dc, result) =>
      startInPlace(dc, FLOW_DIALOG, {
        flowId: result.id,
        text: dc.context.activity.text ?? undefined,
      } satisfies FlowDialogOptions),
  };
}
