import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { handoffOf, tookFrustrationOffer } from '../turn';
import { setOutcome } from './case-file';
import { languageOf, say, type DialogServices } from './dialog-services';

export const DESCRIBE_PROBLEM = 'describe-problem';

/**
 * Answers a request for a person: with live hand-over on, the conversation is queued for a
 * technician with the case file (a flow's escalation picks category, priority and skills);
 * without it the user honestly gets the service desk's contacts. A user who asks for a person
 * before saying what is wrong is first asked for the problem (with `dc`, the dialog to ask in);
 * asking again, or answering, queues them.
 */
export async function answerPersonRequest(
  context: TurnContext,
  services: DialogServices,
  dc?: DialogContext,
): Promise<void> {
  const language = languageOf(context, services);
  const file = await services.cases.current(context, language);
  const handoff = handoffOf(context);
  if (handoff && dc && !file.problem && file.descriptions.length === 0 && !file.problemAsked) {
    file.problemAsked = true;
    await dc.beginDialog(DESCRIBE_PROBLEM);
    return;
  }
  setOutcome(file, 'handoffRequested', services.cases.now());
  if (handoff) {
    // Why the user wants a person goes on the ticket: the frustration offer, two misses in a row.
    const reason = tookFrustrationOffer(context)
      ? 'frustration'
      : file.consecutiveMisses >= 2
        ? 'no-answer-twice'
        : 'user-asked';
    await handoff.start(context, { reason, caseFile: file });
    return;
  }
  const contacts = services.serviceDesk(language);
  if (contacts) await say(context, services, 'handoff.contact', { ...contacts });
  else await say(context, services, 'handoff.contactUnknown');
}

/** "What's the problem?" before a hand-over: the answer is the ticket's problem, then the queue. */
export class DescribeProblemDialog extends Dialog {
  constructor(private readonly services: DialogServices) {
    super(DESCRIBE_PROBLEM);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await say(dc.context, this.services, 'handoff.askProblem');
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const text = (dc.context.activity.text ?? '').trim();
    if (!text) return Dialog.EndOfTurn;
    await this.services.cases.describe(dc.context, text, languageOf(dc.context, this.services));
    await dc.endDialog();
    await answerPersonRequest(dc.context, this.services);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext): Promise<void> {
    await say(context, this.services, 'handoff.askProblem');
  }
}
