import type { Activity, TurnContext } from 'botbuilder';
import { recogniseChoice, renderChoice, type ChoiceOption } from '../choices';
import type { AnswerContext, Interpretation } from './flow-answers';
import type { FlowDialogState } from './flow-walk';

/*
 * After repeated answers the flow cannot read, the last one may be a new problem, or the user's
 * own words for an option the flow does not know. Rather than guess, the flow asks.
 */

/** What the reply to "Is this a new problem?" means. */
export type NewProblemDecision = 'new-problem' | 'keep-asking' | 'answer' | 'ask-again';

function options(ctx: AnswerContext): ChoiceOption[] {
  return [
    { value: 'new-problem', label: ctx.strings.t(ctx.lang, 'newProblem.yes'), meaning: 'yes' },
    { value: 'keep-asking', label: ctx.strings.t(ctx.lang, 'newProblem.no'), meaning: 'no' },
  ];
}

/** Asks whether `text` is a new problem and remembers it for a yes. */
export async function askNewProblem(
  context: TurnContext,
  ctx: AnswerContext,
  state: FlowDialogState,
  text: string,
): Promise<void> {
  state.confirmingNewProblem = text;
  await context.sendActivity(
    renderChoice(
      { question: ctx.strings.t(ctx.lang, 'newProblem.question'), options: options(ctx) },
      {
        channelId: context.activity.channelId,
        locale: ctx.lang,
        textHint: ctx.catalogue.t(ctx.lang, 'choice.hint'),
      },
    ),
  );
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
  const choice = recogniseChoice(activity, options(ctx), undefined, ctx.words);
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
