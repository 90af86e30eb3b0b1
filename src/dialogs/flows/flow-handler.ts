import type { TurnContext } from 'botbuilder';
import { openCase, type CaseFile } from '../case-file';
import { startInPlace } from '../dialog-services';
import type { ProblemHandler } from '../problem-handlers';
import {
  FLOW_DIALOG,
  FlowDialog,
  type CaseFileSource,
  type FlowDialogOptions,
  type FlowEngineDeps,
} from './flow-dialog';

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

/** What the engine needs of the dialog router: the conversation's case file. */
export interface CaseFileOwner {
  caseFile(context: TurnContext): Promise<CaseFile | undefined>;
}

/**
 * The router's case file as the engine's `CaseFileSource`. The router opens the case before it
 * hands a problem over, so there is always one; the fallback only keeps a broken caller from
 * crashing the turn (its notes are then not saved).
 */
export function routerCaseFiles(
  router: () => CaseFileOwner,
  clock: () => Date = () => new Date(),
): CaseFileSource {
  return {
    current: async (context, language) => (await router().caseFile(context)) ?? openCase(language, clock()),
  };
}
