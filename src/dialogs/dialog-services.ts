import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import { turnLanguage } from '../turn';
import type { Catalogue, Vars } from '../i18n';
import type { Lang } from '../i18n/languages';
import type { CaseFileStore } from './case-file';
import { renderChoice, type ChoiceQuestion } from './choices';
import type { KnowledgeLookup } from './knowledge-lookup';
import type { ServiceDeskDirectory } from './service-desk';
import type { WordLists } from '../words';

/** The collaborators every dialog shares; created once per bot. */
export interface DialogServices {
  catalogue: Catalogue;
  knowledge: KnowledgeLookup;
  cases: CaseFileStore;
  serviceDesk: ServiceDeskDirectory;
  defaultLanguage: Lang;
  /** The content's word lists (content/words); the shipped ones when absent. */
  words?: WordLists;
}

/** Ends a dialog with this when the user's message was not an answer but something to route anew. */
export interface Reroute {
  reroute: string;
}

export function reroute(text: string): Reroute {
  return { reroute: text };
}

export function rerouteText(result: DialogTurnResult | undefined): string | undefined {
  const value: unknown = result?.result;
  if (value && typeof value === 'object' && 'reroute' in value && typeof value.reroute === 'string') {
    return value.reroute;
  }
  return undefined;
}

export function languageOf(context: TurnContext, services: DialogServices): Lang {
  return turnLanguage(context, services.defaultLanguage);
}

export async function say(
  context: TurnContext,
  services: DialogServices,
  key: string,
  vars?: Vars,
): Promise<void> {
  const language = languageOf(context, services);
  await context.sendActivity({
    type: ActivityTypes.Message,
    text: services.catalogue.t(language, key, vars),
    locale: language,
  });
}

export async function ask(
  context: TurnContext,
  services: DialogServices,
  choice: ChoiceQuestion,
): Promise<void> {
  const language = languageOf(context, services);
  await context.sendActivity(
    renderChoice(choice, {
      channelId: context.activity.channelId,
      locale: language,
      textHint: services.catalogue.t(language, 'choice.hint'),
    }),
  );
}

/** Starts a dialog in place of the active one, or on an empty stack. */
export function startInPlace(
  dc: DialogContext,
  dialogId: string,
  options?: object,
): Promise<DialogTurnResult> {
  return dc.activeDialog ? dc.replaceDialog(dialogId, options) : dc.beginDialog(dialogId, options);
}
