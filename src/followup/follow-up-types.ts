import type { Activity } from 'botbuilder';
import type { Lang } from '../i18n/languages';
import { PRIORITIES, type Priority } from '../tickets';

/** What the user answers to "Did the fix hold?". */
export type FollowUpAnswer = 'held' | 'not-held';

/**
 * The question, rendered by the bot's side (`src/dialogs/followup`), whose dialog reads the
 * answer in the user's next message: its buttons carry FOLLOW_UP_HELD and FOLLOW_UP_NOT_HELD.
 */
export interface FollowUpPrompts {
  question(language: Lang, channelId: string | undefined, ticketNumber: string): Partial<Activity>;
}

export const FOLLOW_UP_HELD = 'follow-up-held';
export const FOLLOW_UP_NOT_HELD = 'follow-up-not-held';

/** One step more urgent (low → normal → high → urgent); urgent stays urgent. */
export function raisedPriority(priority: Priority): Priority {
  const index = PRIORITIES.indexOf(priority);
  return PRIORITIES[Math.max(0, index - 1)] ?? priority;
}

/** What one pass of the job did, for logs and tests. */
export interface FollowUpPass {
  /** False when another instance holds the lease (or the pass failed). */
  ran: boolean;
  /** Questions claimed and sent by this pass. */
  asked: number;
  /** Tickets closed for want of an answer. */
  closed: number;
}
