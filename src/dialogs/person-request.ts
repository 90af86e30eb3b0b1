import type { TurnContext } from 'botbuilder';
import { setOutcome } from './case-file';
import { languageOf, say, type DialogServices } from './dialog-services';

/**
 * Answers a request for a person honestly: there is no live hand-over yet, so the user gets the
 * service desk's contacts, and the case file notes the request for the ticket that follows.
 */
export async function answerPersonRequest(context: TurnContext, services: DialogServices): Promise<void> {
  const language = languageOf(context, services);
  const file = await services.cases.current(context, language);
  setOutcome(file, 'handoffRequested', services.cases.now());
  const contacts = services.serviceDesk(language);
  if (contacts) await say(context, services, 'handoff.contact', { ...contacts });
  else await say(context, services, 'handoff.contactUnknown');
}
