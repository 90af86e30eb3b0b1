import type { DialogContext } from 'botbuilder-dialogs';
import { saysNotHelped } from './answer-words';
import { isClosed, markHelped, setOutcome, type CaseFile } from './case-file';
import { languageOf, say, type DialogServices } from './dialog-services';
import { cuesIn } from './frustration';
import { detectedLanguageOf } from '../turn';

/** How long after a fix "it still doesn't work" is read as that fix not holding. */
const RECENT_FIX_MS = 24 * 60 * 60_000;

/** The message says the problem is still there ("still not working", "tot nu merge"). */
export function saysStillBroken(text: string, words: DialogServices['words']): boolean {
  return cuesIn(text, { score: 0, stillBroken: 0 }, words).some(
    (cue) => cue === 'still-broken' || cue === 'repeated-still-broken',
  );
}

/**
 * The fix did not hold after all: the resolved case is open again (a ticket recording the bot's
 * fix reopens after the turn, src/followup/bot-resolutions.ts) and the user is told so. The caller
 * offers a technician next.
 */
export async function reopenResolvedCase(dc: DialogContext, services: DialogServices): Promise<void> {
  const { cases } = services;
  const file = await cases.get(dc.context);
  if (file?.outcome === 'resolved') {
    const helped = [...file.suggestions].reverse().find((s) => s.helped === true);
    if (helped) markHelped(file, helped.articleId, false, cases.now());
    setOutcome(file, 'unresolved', cases.now());
  }
  await say(dc.context, services, 'anythingElse.notHelped');
}

/**
 * "It still doesn't work", "I tried that three times, nothing works" after the bot's fix and a
 * goodbye: not a new, vague problem but the one just fixed, come back. True when the case was
 * resolved in the last day, the message says the problem is still there, and it names no other
 * topic the matcher is sure of ("Outlook still doesn't work" after a Teams fix is Outlook's).
 */
export function takesBackRecentFix(
  dc: DialogContext,
  services: DialogServices,
  file: CaseFile | undefined,
  text: string,
): boolean {
  if (!file || !isClosed(file)) return false;
  if (services.cases.now().getTime() - Date.parse(file.updatedAt) > RECENT_FIX_MS) return false;
  const language = languageOf(dc.context, services);
  if (!saysStillBroken(text, services.words) && !saysNotHelped(text, services.words, language)) return false;
  const detectedLanguage = detectedLanguageOf(dc.context, text, language);
  const match = services.knowledge.match(text, { language, detectedLanguage });
  const named = match.decision === 'answer' ? match.results[0]?.topic : undefined;
  return named === undefined || named === file.topic;
}
