import { turnLanguage } from '../../turn';
import { startInPlace } from '../dialog-services';
import type { ProblemHandler } from '../problem-handlers';
import { reportsFault } from '../request-faults';
import { FLOW_DIALOG, FlowDialog, type FlowDialogOptions, type FlowEngineDeps } from './flow-dialog';
import { requestFormFor } from './request-form';

/**
 * Diagnostic flows as a kind of problem the router hands over to: when a flow is the best
 * match, its dialog replaces whatever was active and starts at the flow's first node. An article
 * of a request topic without a flow of its own starts the request form for that topic instead,
 * unless the message reports a fault on it ("I'm not getting the list's emails"): the article's
 * walk-through troubleshoots that (src/dialogs/request-faults.ts).
 */
export function flowHandler(deps: FlowEngineDeps): ProblemHandler {
  const formFor: ProblemHandler['takes'] = async (result, dc, part) =>
    requestFormFor(result, deps.library, deps.taxonomy?.()) !== undefined &&
    !(await reportsFault(dc, part, turnLanguage(dc.context, deps.defaultLanguage), deps));
  return {
    kind: 'flow',
    dialogs: [new FlowDialog(deps)],
    takes: formFor,
    start: (dc, result, part) => {
      const text = part ?? dc.context.activity.text ?? undefined;
      const form = requestFormFor(result, deps.library, deps.taxonomy?.());
      const { topic, id: articleId, confidence } = result;
      const options: FlowDialogOptions = form
        ? { flowId: form.id, text, request: { topic, articleId, confidence } }
        : { flowId: result.id, text };
      return startInPlace(dc, FLOW_DIALOG, options);
    },
  };
}
