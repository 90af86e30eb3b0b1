import type { TurnContext } from 'botbuilder';
import type { Ticket } from '../tickets';
import { isRerun } from '../turn';
import { filesOf } from '../attachments';
import type { ConsoleEvent } from './console-events';
import type { PendingConfirmation, PendingFeedback } from './conversation-owners';
import type { HandoffRecords } from './handoff-records';
import {
  HandoffError,
  type Handoff,
  type HandoffRequest,
  type HandoffRequestResult,
  type QueueStanding,
  type WaitingMode,
} from './handoff-types';
import { originOf } from './ticket-request';
import { UserFeedback } from './user-feedback';
import type { UserNotices } from './user-notices';
import { isOpen, nextOpening } from './working-hours';

/** As long as a channel may retry an activity (the Direct Line post claims last a day). */
const RELAY_MARK_MS = 24 * 60 * 60 * 1000;

/**
 * Where a conversation stands with the hand-over, from one read of its owner record: the live
 * hand-over that owns it, the topic question waiting for the user's answer, or the rating asked
 * after a resolution.
 */
export interface ConversationStatus {
  handoff?: Handoff;
  confirm?: PendingConfirmation;
  pending?: PendingFeedback;
  /** A hand-over owned the conversation since the bot's last own turn (ConversationOwner). */
  unseenHandoff?: string;
}

/**
 * The users' side of the hand-over (upstream): asking for a person, waiting in the queue (place,
 * waiting mode, cancelling), relaying what they write to the technician, and who owns their
 * conversation now.
 */
export class UserQueue {
  /** The rating and comment asked after a resolution. */
  readonly feedback: UserFeedback;

  constructor(private readonly records: HandoffRecords) {
    this.feedback = new UserFeedback(
      records.owners,
      records.deps.tickets,
      records.events,
      records.deps.onRatingComment,
    );
  }

  async request(req: HandoffRequest): Promise<HandoffRequestResult> {
    const conversationId = req.reference.conversation?.id;
    if (!conversationId) throw new HandoffError('invalid', 'A hand-over needs the conversation.');
    const live = await this.records.ownerOf(conversationId);
    if (live) return this.describe(live, true);
    const { support } = this.records.deps;
    const now = this.records.clock();
    const ticket = await this.records.openTicketRecord(req, originOf(req.reason));
    const open = isOpen(support, now);
    const live24h = ticket.priority === 'urgent' && support.urgentOutOfHours;
    const handoff = await this.records.insertHandoff(req, ticket, {
      state: 'queued',
      queuedAt: now.toISOString(),
      // Out of hours nobody is there to wait for: the request waits as a message instead.
      userWaitingMode: open || live24h ? 'waiting' : 'left-message',
      outOfHours: !open,
    });
    await this.records.events.emit({
      type: 'handoff.queued',
      handoffId: handoff.id,
      ticketNumber: ticket.number,
      priority: handoff.priority,
      category: handoff.category,
      language: handoff.language,
    });
    this.records.logger.info(
      { handoffId: handoff.id, ticket: ticket.number, reason: req.reason, priority: handoff.priority, open },
      'hand-over queued',
    );
    return { ...(await this.describe(handoff, false)), ticket };
  }

  /** A ticket without a live hand-over (a flow's outcome); the service desk takes it from there. */
  async openTicket(req: Omit<HandoffRequest, 'reason'> & { origin?: string }): Promise<Ticket> {
    const ticket = await this.records.openTicketRecord(req, req.origin ?? 'a guided flow opened a ticket');
    await this.records.events.emit({
      type: 'ticket.opened',
      ticketNumber: ticket.number,
      ticketId: ticket.id,
    });
    this.records.logger.info({ ticket: ticket.number, priority: ticket.priority }, 'ticket opened');
    return ticket;
  }

  /** The live hand-over (queued or with a technician) that owns the conversation, if any. */
  ownerOf(conversationId: string): Promise<Handoff | undefined> {
    return this.records.ownerOf(conversationId);
  }

  /** The user of this conversation is not in the chat now (no live hand-over, quiet for the live window). */
  userAway(conversationId: string): Promise<boolean> {
    return this.records.userAway(conversationId);
  }

  /** A status change the desk made itself, e-mailed to the user when they are away (see HandoffRecords). */
  mailStatusIfAway(ticket: Ticket): Promise<boolean> {
    return this.records.mailStatusIfAway(ticket);
  }

  /** Where the conversation stands: one read of its owner record (and its hand-over, if one). */
  async conversationStatus(conversationId: string): Promise<ConversationStatus> {
    const owner = await this.records.owners.get(conversationId);
    if (!owner) return {};
    const handoff = await this.records.liveHandoff(owner.handoffId);
    return {
      ...(handoff ? { handoff } : {}),
      ...(owner.confirm ? { confirm: owner.confirm } : {}),
      ...(owner.pending ? { pending: owner.pending } : {}),
      ...(owner.unseenHandoff ? { unseenHandoff: owner.unseenHandoff } : {}),
    };
  }

  /** The bot's turn after a hand-over started afresh: the next ones need not. */
  handoffSeen(conversationId: string, handoffId: string): Promise<void> {
    return this.records.owners.handoffSeen(conversationId, handoffId);
  }

  /** The category question asked before queuing, stored until the user answers it. */
  async setConfirmation(conversationId: string, confirm: PendingConfirmation | undefined): Promise<void> {
    await this.records.owners.set(conversationId, { confirm });
  }

  /**
   * What the user writes goes to the technicians' live view (and the ticket's transcript).
   * `text` is what the technician reads: a click on an earlier card has none of its own, so the
   * caller passes the chosen option's label.
   */
  async relayFromUser(context: TurnContext, handoff: Handoff, text: string): Promise<void> {
    const { activity } = context;
    // A turn run again after a crash (`isRerun`) may have relayed this message already: the
    // first run marks it right after the relay, the rerun relays only if it finds no mark.
    const mark = this.relayMark(context);
    const rerun = isRerun(context);
    if (mark && rerun && !(await mark())) return;
    await this.records.events.emit({
      type: 'message',
      handoffId: handoff.id,
      ticketNumber: handoff.ticketNumber,
      from: 'user',
      state: handoff.state,
      text,
      attachments: (activity.attachments ?? []).map((a) => a.contentType),
      files: filesOf(activity),
    });
    if (mark && !rerun) await mark();
  }

  /** Claims "this activity was relayed"; true for the first claim. */
  private relayMark(context: TurnContext): (() => Promise<boolean>) | undefined {
    const { id, conversation } = context.activity;
    const idempotency = this.records.deps.storage.idempotency;
    if (!idempotency || !id || !conversation?.id) return undefined;
    return () => idempotency.claim(`relayed:${conversation.id}:${id}`, RELAY_MARK_MS);
  }

  /** The user is typing: the technician who has the hand-over sees it. */
  async userTyping(handoff: Handoff): Promise<void> {
    if (handoff.state !== 'assigned') return;
    await this.records.events.emit({ type: 'typing', handoffId: handoff.id, from: 'user' });
  }

  async setWaitingMode(handoffId: string, mode: WaitingMode): Promise<Handoff | undefined> {
    const updated = await this.records.handoffs.update(
      handoffId,
      { state: 'queued' },
      { userWaitingMode: mode },
    );
    if (updated)
      await this.records.events.emit({ type: 'handoff.updated', handoffId, userWaitingMode: mode });
    return updated;
  }

  /** The user no longer wants a person; the ticket stays new and unassigned for the service desk. */
  async cancelByUser(handoffId: string): Promise<Handoff | undefined> {
    const handoff = await this.records.handoffs.get(handoffId);
    if (!handoff || handoff.state !== 'queued') return undefined;
    const ended = await this.records.end(handoff, 'abandoned', 'user-cancelled').catch(() => undefined);
    if (!ended) return undefined;
    await this.records.owners.release(ended.conversationId, ended.id);
    await this.records.upkeep.userStoppedWaiting(ended);
    await this.records.events.emit({
      type: 'handoff.abandoned',
      handoffId,
      ticketNumber: ended.ticketNumber,
    });
    return ended;
  }

  /** 1-based place in the queue, and an estimate when there is a basis for one. */
  standing(handoff: Handoff): Promise<QueueStanding> {
    return this.records.queue.standing(handoff);
  }

  /** Queued hand-overs in queue order. */
  queued(): Promise<Handoff[]> {
    return this.records.queue.queued();
  }

  /** Marks that the user was told their place, only if nobody else (another instance) just did. */
  markUpdated(handoff: Handoff): Promise<Handoff | undefined> {
    return this.records.handoffs.update(
      handoff.id,
      { state: 'queued', version: handoff.version },
      { lastUpdateAt: this.records.clock().toISOString() },
    );
  }

  get userNotices(): UserNotices {
    return this.records.notices;
  }

  emit(event: ConsoleEvent): Promise<number> {
    return this.records.events.emit(event);
  }

  private async describe(handoff: Handoff, existing: boolean): Promise<HandoffRequestResult> {
    const { tickets, support } = this.records.deps;
    const ticket = await tickets.get(handoff.ticketId);
    if (!ticket) throw new HandoffError('not-found', `Ticket ${handoff.ticketId} is missing.`);
    const now = this.records.clock();
    const opening = isOpen(support, now) ? undefined : nextOpening(support, now);
    return {
      handoff,
      ticket,
      ...(await this.standing(handoff)),
      outOfHours: opening ? { nextOpening: opening.toISOString() } : null,
      existing,
    };
  }
}
