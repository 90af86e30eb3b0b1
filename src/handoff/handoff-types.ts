import type { ConversationReference } from 'botbuilder';
import type { CaseFile, FlowCaseFields } from '../tickets/case-file';
import type { Lang } from '../i18n/languages';
import type { StoredDocument } from '../storage/ports';
import type { Priority, Ticket, TicketUser } from '../tickets';

export type { Priority } from '../tickets';

export const HANDOFF_STATES = ['queued', 'assigned', 'resolved', 'returned', 'abandoned'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];
/** States in which the hand-over owns the conversation. */
export const LIVE_STATES = ['queued', 'assigned'] as const satisfies readonly HandoffState[];

import type { HandoffReason } from '../turn';
export { HANDOFF_REASONS, type HandoffReason } from '../turn';

/** Why a hand-over ended. What is logged (`END_REASONS`) is kept apart from what the user reads. */
export const END_REASONS = ['resolved', 'returned-to-bot', 'user-cancelled'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const WAITING_MODES = ['waiting', 'left-message', 'continue-with-bot'] as const;
export type WaitingMode = (typeof WAITING_MODES)[number];

export interface Handoff extends StoredDocument {
  ticketId: string;
  ticketNumber: string;
  /** The user's conversation, top level so it can be queried. */
  conversationId: string;
  channelId: string;
  state: HandoffState;
  reason: HandoffReason;
  upstream: Partial<ConversationReference>;
  user: TicketUser;
  language: Lang;
  category: string;
  priority: Priority;
  /** Sort key: urgent = 0 … low = 3. */
  rank: number;
  skills: string[];
  queuedAt: string;
  /** Order of arrival (a shared counter): breaks ties between hand-overs queued in the same ms. */
  seq: number;
  assignedTo?: string;
  assignedToName?: string;
  assignedAt?: string;
  endedAt?: string;
  endReason?: EndReason;
  userWaitingMode: WaitingMode;
  /** When the user was last told their place in the queue (background updates). */
  lastUpdateAt?: string;
  /** Claimed outside opening hours or queued while closed: said to the user once. */
  outOfHours: boolean;
}

export interface HandoffRequest {
  reference: Partial<ConversationReference>;
  user: TicketUser;
  language: Lang;
  channelId: string;
  reason: HandoffReason;
  category?: string;
  priority?: Priority;
  skills?: string[];
  caseFile?: CaseFile & FlowCaseFields;
}

/** Where a queued hand-over stands, as the user is told. */
export interface QueueStanding {
  /** 1-based place in the queue (0 once taken). */
  position: number;
  /** Null when there is no honest basis for a number. */
  estimatedWaitMinutes: number | null;
  /**
   * The desk is open but no online technician can take this hand-over (nobody online, or nobody
   * online with the skills and language): the user is told so rather than left to wait blindly.
   */
  nobodyOnline: boolean;
}

export interface HandoffRequestResult extends QueueStanding {
  handoff: Handoff;
  ticket: Ticket;
  outOfHours: { nextOpening: string } | null;
  /** True when the conversation already had a live hand-over and that one is returned. */
  existing: boolean;
}

export interface QueueEntry {
  handoff: Handoff;
  position: number;
  waitingSeconds: number;
  /** No online technician speaks the user's language; shown to others with the skills. */
  languageFallback: boolean;
}

export type ClaimResult =
  | { ok: true; handoff: Handoff }
  | { ok: false; reason: 'already-claimed' | 'not-found' | 'not-allowed'; claimedBy?: string };

export class HandoffError extends Error {
  constructor(
    readonly code: 'not-found' | 'not-assigned' | 'not-allowed' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}
