import type { Activity, TurnContext } from 'botbuilder';
import type { AnswerContext } from './flow-answers';
import { sideQuestionAnswer, sideQuestionPrompt, type SideQuestion } from './flow-side-question';
import type { FlowDialogState } from './flow-walk';

/*
 * A user who comes back to a flow after a long pause may have fixed the problem meanwhile, or come
 * with another one: rather than carry on with a question they no longer remember, the flow asks
 * whether to continue where they left off or start fresh.
 */

const HOUR_MS = 60 * 60 * 1000;

/** What the reply to "continue or start fresh?" chose; undefined for anything else. */
export type ResumeChoice = 'continue' | 'fresh';

const RESUME: SideQuestion<ResumeChoice> = {
  question: 'resume.question',
  yes: { value: 'continue', label: 'resume.continue' },
  no: { value: 'fresh', label: 'resume.fresh' },
};

/**
 * Notes that the user is active at `now`; true when they come back after more than
 * `resumeAfterHours` since their last message in the flow.
 */
export function cameBack(state: FlowDialogState, now: Date, resumeAfterHours: number): boolean {
  const idle = now.getTime() - Date.parse(state.lastActiveAt);
  state.lastActiveAt = now.toISOString();
  return idle > resumeAfterHours * HOUR_MS;
}

/** Asks whether to continue the flow titled `title` or start fresh, and waits for the reply. */
export async function askResume(
  context: TurnContext,
  ctx: AnswerContext,
  state: FlowDialogState,
  title: string,
): Promise<void> {
  state.resuming = true;
  await context.sendActivity(sideQuestionPrompt(RESUME, ctx, context.activity.channelId, { title }));
}

/** Reads the reply to "continue or start fresh?"; either choice closes the question. */
export function resumeChoice(
  activity: Partial<Activity>,
  state: FlowDialogState,
  ctx: AnswerContext,
): ResumeChoice | undefined {
  const choice = sideQuestionAnswer(activity, RESUME, ctx);
  if (choice) state.resuming = false;
  return choice;
}
