import type { Activity, TurnContext } from 'botbuilder';
import type { AnswerContext, Interpretation } from './flow-answers';
import { sideQuestionAnswer, sideQuestionPrompt, type SideQuestion } from './flow-side-question';
import type { FlowDialogState } from './flow-walk';

/*
 * After repeated answers the flow cannot read, the last one may be a new problem, or the user's
 * own words for an option the flow does not know. Rather than guess, the flow asks.
 */

/** What the reply to "Is this a new problem?" means. */
export type NewProblemDecision = 'new-problem' | 'keep-asking' | 'answer' | 'ask-again';

const NEW_PROBLEM: SideQuestion<'new-problem' | 'keep-asking'> = {
  question: 'newProblem.question',
  yes: { value: 'new-problem', label: 'newProblem.yes' },
  no: { value: 'keep-asking', label: 'newProblem.no' },
};

/** Asks whether `text` is a new problem and remembers it for a yes. */
export async function askNewProblem(
  context: TurnContext,
  ctx: AnswerContext,
  state: FlowDialogState,
  text: string,
): Promise<void> {
  state.confirmingNewProblem = text;
  await context.sendActivity(sideQuestionPrompt(NEW_PROBLEM, ctx, context.activity.channelId));
}

/**
 * Reads the reply while "Is this a new problem?" is open. Yes: the remembered message is handled
 * as a new problem. No: the flow's question is asked again. An answer to the flow's question
 * (its button, clicked late) is taken as that. Anything else is asked about in turn.
 */
export function newProblemDecision(
  activity: Partial<Activity>,
  state: FlowDialogState,
  meaning: Interpretation,
  ctx: AnswerContext,
): NewProblemDecision {
  const choice = sideQuestionAnswer(activity, NEW_PROBLEM, ctx);
  if (choice === 'new-problem') {
    return 'new-problem';
  }
  if (choice === 'keep-asking' || meaning.kind === 'answer') {
    state.confirmingNewProblem = undefined;
    state.reprompts = 0;
    return choice === 'keep-asking' ? 'keep-asking' : 'answer';
  }
  return 'ask-again';
}
