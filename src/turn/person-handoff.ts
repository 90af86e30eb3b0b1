import type { TurnContext } from 'botbuilder';
import type { CaseFile, FlowCaseFields, Priority } from '../tickets';

/** Why a conversation went to a person; the hand-over records it and the ticket says so. */
export const HANDOFF_REASONS = [
  'user-asked',
  'flow-escalated',
  'no-answer-twice',
  'frustration',
  'technician-picked',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/**
 * What dialogs ask of the hand-over. The bot puts one in each turn (`provideHandoff`) when
 * hand-over is on; dialogs find it with `handoffOf` and never import the hand-over itself.
 */
export interface PersonHandoff {
  /** Queues the conversation for a technician and tells the user where they stand. */
  start(
    context: TurnContext,
    request: {
      reason: HandoffReason;
      caseFile?: CaseFile & FlowCaseFields;
      category?: string;
      priority?: Priority;
      skills?: string[];
    },
  ): Promise<void>;
  /** Opens a ticket without a live hand-over and tells the user its number. */
  openTicket(
    context: TurnContext,
    request: {
      caseFile?: CaseFile & FlowCaseFields;
      category: string;
      priority: Priority;
      skills?: string[];
      origin: string;
      /** Shown before the ticket number, e.g. the flow's own closing text. */
      lead?: string;
    },
  ): Promise<void>;
}
