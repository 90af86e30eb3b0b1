import type { TurnContext } from 'botbuilder';
import type { Lang } from '../i18n/languages';
import type { RedactionFinding } from '../privacy/types';
import type { PersonHandoff } from './person-handoff';

/*
 * Everything a turn carries from one module to the next lives in the turn's state under the
 * private keys below, and only this file reads or writes them: who sets a value and who reads
 * it can be found from the accessor's name, and a value has one type wherever it is read.
 */

/** A typed slot in `context.turnState`; the symbol keeps it apart from botbuilder's own keys. */
class TurnSlot<T> {
  private readonly key: symbol;
  constructor(name: string) {
    this.key = Symbol(`firstline.${name}`);
  }
  get(context: TurnContext): T | undefined {
    return context.turnState.get(this.key) as T | undefined;
  }
  set(context: TurnContext, value: T): void {
    context.turnState.set(this.key, value);
  }
}

const language = new TurnSlot<Lang>('language');
const detection = new TurnSlot<{ text: string; fallback: Lang; language: Lang }>('detection');
const handoff = new TurnSlot<PersonHandoff>('handoff');
const relayed = new TurnSlot<true>('relayed');
const queuedTicket = new TurnSlot<string>('queuedTicket');
const rerun = new TurnSlot<true>('rerun');
const redactions = new TurnSlot<readonly RedactionFinding[]>('redactions');
const frustrated = new TurnSlot<{ complaintOnly: boolean }>('frustrated');
const outOfScope = new TurnSlot<{ area: string; language: Lang }>('outOfScope');
const offeredBefore = new TurnSlot<true>('frustrationOfferedBefore');
const offerAfterReply = new TurnSlot<true>('frustrationOfferAfterReply');
const tookOffer = new TurnSlot<true>('frustrationOfferTaken');

// Language: decided once per message by the bot (choice, detection, memory), read by everyone.

export function setTurnLanguage(context: TurnContext, value: Lang): void {
  language.set(context, value);
}

/** The language decided for this turn, or `fallback` before the bot decided it. */
export function turnLanguage(context: TurnContext, fallback: Lang): Lang {
  return language.get(context) ?? fallback;
}

/**
 * Remembers how the matcher's detector read the message, so that the matcher does not read it
 * again: `detectLanguage(text, fallback)` gave `detected`.
 */
export function setDetectedLanguage(
  context: TurnContext,
  text: string,
  fallback: Lang,
  detected: Lang,
): void {
  detection.set(context, { text: text.trim(), fallback, language: detected });
}

/** What `detectLanguage(text, fallback)` gave earlier in this turn, if it was asked exactly that. */
export function detectedLanguageOf(context: TurnContext, text: string, fallback: Lang): Lang | undefined {
  const known = detection.get(context);
  return known && known.fallback === fallback && known.text === text.trim() ? known.language : undefined;
}

// Hand-over: the bot provides it; dialogs start one; the hand-over marks turns that belong to it.

export function provideHandoff(context: TurnContext, value: PersonHandoff): void {
  handoff.set(context, value);
}

/** The turn's hand-over, or undefined when the bot runs without one (then dialogs say so). */
export function handoffOf(context: TurnContext): PersonHandoff | undefined {
  return handoff.get(context);
}

/** Marks a turn whose message belongs to a hand-over (technician or queue): no bot offers on top. */
export function markRelayed(context: TurnContext): void {
  relayed.set(context, true);
}

export function isRelayed(context: TurnContext): boolean {
  return relayed.get(context) === true;
}

/**
 * Marks a turn the bot answers while the user also waits in the queue (they chose to carry on
 * with the bot): what the bot cannot answer is on the ticket already, so it says that instead.
 */
export function markQueued(context: TurnContext, ticketNumber: string): void {
  queuedTicket.set(context, ticketNumber);
}

/** The number of the ticket the user waits on while the bot answers, if any. */
export function queuedTicketOf(context: TurnContext): string | undefined {
  return queuedTicket.get(context);
}

// Rerun: a channel runs a turn again on purpose (its first run died with the process).

export function markRerun(context: TurnContext): void {
  rerun.set(context, true);
}

/** True for a turn whose first run began before a crash: what it recorded then is not recorded twice. */
export function isRerun(context: TurnContext): boolean {
  return rerun.get(context) === true;
}

// Redactions: what the redaction middleware removed from the incoming activity.

export function setTurnRedactions(context: TurnContext, findings: readonly RedactionFinding[]): void {
  redactions.set(context, findings);
}

/** What redaction removed from this turn's incoming activity (empty when nothing). */
export function turnRedactions(context: TurnContext): readonly RedactionFinding[] {
  return redactions.get(context) ?? [];
}

// A question outside IT that the bot pointed elsewhere: set by small talk, read by the case records.

export function markOutOfScope(context: TurnContext, area: string, language: Lang): void {
  outOfScope.set(context, { area, language });
}

/** The area outside IT (e.g. `hr`) this turn's message was pointed to, if it was. */
export function outOfScopeTurn(context: TurnContext): { area: string; language: Lang } | undefined {
  return outOfScope.get(context);
}

// The frustration offer of a person: set by the frustration middleware, read by dialogs.

export function markFrustrated(context: TurnContext, complaintOnly = false): void {
  frustrated.set(context, { complaintOnly });
}

/** True when this turn's message made the frustration score cross the threshold. */
export function isFrustratedTurn(context: TurnContext): boolean {
  return frustrated.get(context) !== undefined;
}

/** True when this turn's message was nothing but a complaint ("why does nobody answer??"). */
export function isComplaintOnlyTurn(context: TurnContext): boolean {
  return frustrated.get(context)?.complaintOnly === true;
}

export function markPersonOfferedBefore(context: TurnContext): void {
  offeredBefore.set(context, true);
}

/** True when an earlier message got the frustration offer of a person (and none was asked for since). */
export function personOfferedBefore(context: TurnContext): boolean {
  return offeredBefore.get(context) === true;
}

/**
 * Puts this turn's offer of a person after the bot's reply instead of in front of it: for a
 * reply that itself answers the frustration (thanks for the feedback, sorry it did not help).
 */
export function offerPersonAfterReply(context: TurnContext): void {
  offerAfterReply.set(context, true);
}

export function offerFollowsReply(context: TurnContext): boolean {
  return offerAfterReply.get(context) === true;
}

export function markTookFrustrationOffer(context: TurnContext): void {
  tookOffer.set(context, true);
}

/**
 * True when this turn's request for a person follows the offer made because the user sounded
 * frustrated, so that the hand-over records why it happened.
 */
export function tookFrustrationOffer(context: TurnContext): boolean {
  return tookOffer.get(context) === true;
}
