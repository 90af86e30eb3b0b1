import type { TurnContext } from 'botbuilder';
import { handoffOf } from '../handoff/turn-handoff';
import { setOutcome } from './case-file';
import { tookFrustrationOffer } from './frustration';
import { languageOf, say, type DialogServices } from './dialog-services';

/**
 * Answers a request for a person: with live hand-over on, the conversation is queued for a
 * technician with the case file (a flow's escalation picks category, priority and skills);
 * without it the user honestly gets the service desk's contacts.
 */
export async function answerPersonRequest(context: TurnContext, services: DialogServices): Promise<void> {
  const language = languageOf(context, services);
  const file = await services.cases.current(context, language);
  setOutcome(file, 'handoffRequested', services.cases.now());
  const handoff = handoffOf(context);
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
