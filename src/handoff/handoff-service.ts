import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { clickedText } from '../dialogs/choices';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import { DuplicateKeyError, type DocumentCollection, type StorageBackend } from '../storage/ports';
import type { Technician, TechnicianDirectory } from '../technicians';
import type { Ticket, TicketNote, TicketStore } from '../tickets';
import { ConsoleEvents, type ConsoleEvent } from './console-events';
import { ConversationOwners, type PendingConfirmation } from './conversation-owners';
import { DeskAccess, mayAccess } from './desk-access';
import {
  HandoffError,
  LIVE_STATES,
  type ClaimResult,
  type EndReason,
  type Handoff,
  type HandoffRequest,
  type HandoffRequestResult,
  type HandoffService,
  type QueueEntry,
  type WaitingMode,
} from './handoff-types';
import { HandoffQueue } from './handoff-queue';
import { newTicketFor, originOf, withoutActivity } from './ticket-request';
import { UserFeedback } from './user-feedback';
import { UserNotices } from './user-notices';
import { rankOf } from './queue-order';
import { queueSkills, type SupportConfig } from './support-config';
import type { UpstreamSender } from './upstream';
import { isOpen, nextOpening } from './working-hours';
import { isRerun } from '../turn';
import { filesOf } from '../attachments';

/** As long as a channel may retry an activity (the Direct Line post claims last a day). */
const RELAY_MARK_MS = 24 * 60 * 60 * 1000;

export interface HandoffServiceDeps {
  storage: Pick<StorageBackend, 'collection' | 'counters' | 'events' | 'signals' | 'transcripts'> &
    /** When given, a user's message is relayed once even if its turn runs again after a crash. */
    Partial<Pick<StorageBackend, 'idempotency'>>;
  tickets: TicketStore;
  technicians: TechnicianDirectory;
  support: SupportConfig;
  upstream: UpstreamSender;
  catalogue: Catalogue;
  logger: Logger;
  clock?: () => Date;
  /**
   * Removes secrets from what a technician types (reply, note, resolution) before it is sent,
   * stored or shown; the conversation keeps the technician's split-message state.
   */
  redactTechnicianText?: (text: string, conversationId: string) => Promise<string>;
}

const MAX_TEXT = 4000;

/**
 * Live hand-overs from the bot to technicians. Every state change is a conditional write on the
 * stored hand-over, so of many technicians (on any instance) claiming at once exactly one wins,
 * and nothing a second instance needs is kept in memory.
 */
export class DefaultHandoffService implements HandoffService {
  private readonly handoffs: DocumentCollection<Handoff>;
  private readonly owners: ConversationOwners;
  private readonly events: ConsoleEvents;
  private readonly notices: UserNotices;
  private readonly queue: HandoffQueue;
  /** The rating and comment asked after a resolution. */
  readonly feedback: UserFeedback;
  private readonly clock: () => Date;
  /** Who may see and do what with hand-overs, tickets and conversations. */
  readonly access: DeskAccess;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.handoffs = deps.storage.collection<Handoff>('handoffs');
    this.access = new DeskAccess(this.handoffs);
    this.owners = new ConversationOwners(deps.storage, this.clock);
    this.events = new ConsoleEvents(deps.storage, this.clock);
    this.notices = new UserNotices(deps.upstream, deps.catalogue, deps.logger);
    this.feedback = new UserFeedback(this.owners, deps.tickets, this.events);
    this.queue = new HandoffQueue(this.handoffs, deps.technicians, deps.support, this.clock);
  }

  async request(req: HandoffRequest): Promise<HandoffRequestResult> {
    const conversationId = req.reference.conversation?.id;
    if (!conversationId) throw new HandoffError('invalid', 'A hand-over needs the conversation.');
    const live = await this.ownerOf(conversationId);
    if (live) return this.describe(live, true);
    const now = this.clock();
    const ticket = await this.openTicketRecord(req, originOf(req.reason));
    const open = isOpen(this.deps.support, now);
    const live24h = ticket.priority === 'urgent' && this.deps.support.urgentOutOfHours;
    const handoff = await this.insertHandoff(req, ticket, {
      state: 'queued',
      queuedAt: now.toISOString(),
      // Out of hours nobody is there to wait for: the request waits as a message instead.
      userWaitingMode: open || live24h ? 'waiting' : 'left-message',
      outOfHours: !open,
    });
    await this.events.emit({
      type: 'handoff.queued',
      handoffId: handoff.id,
      ticketNumber: ticket.number,
      priority: handoff.priority,
      category: handoff.category,
      language: handoff.language,
    });
    this.deps.logger.info(
      { handoffId: handoff.id, ticket: ticket.number, reason: req.reason, priority: handoff.priority, open },
      'hand-over queued',
    );
    return { ...(await this.describe(handoff, false)), ticket };
  }

  async openTicket(req: Omit<HandoffRequest, 'reason'> & { origin?: string }): Promise<Ticket> {
    const ticket = await this.openTicketRecord(req, req.origin ?? 'a guided flow opened a ticket');
    await this.events.emit({ type: 'ticket.opened', ticketNumber: ticket.number, ticketId: ticket.id });
    this.deps.logger.info({ ticket: ticket.number, priority: ticket.priority }, 'ticket opened');
    return ticket;
  }

  listQueue(viewer: Technician): Promise<QueueEntry[]> {
    return this.queue.list(viewer);
  }

  listAssigned(technician: Technician): Promise<Handoff[]> {
    return this.handoffs.find({
      where: { state: 'assigned', assignedTo: technician.id },
      orderBy: [{ field: 'assignedAt', direction: 'asc' }],
      limit: 200,
    });
  }

  async claim(handoffId: string, technician: Technician): Promise<ClaimResult> {
    const handoff = await this.handoffs.get(handoffId);
    if (!handoff || !isLive(handoff)) return { ok: false, reason: 'not-found' };
    if (handoff.state === 'assigned')
      return { ok: false, reason: 'already-claimed', claimedBy: handoff.assignedTo };
    if (!(await this.queue.mayTake(technician, handoff))) return { ok: false, reason: 'not-allowed' };
    const claimed = await this.handoffs.update(
      handoffId,
      { state: 'queued' },
      {
        state: 'assigned',
        assignedTo: technician.id,
        assignedToName: technician.name,
        assignedAt: this.clock().toISOString(),
      },
    );
    if (!claimed) {
      const now = await this.handoffs.get(handoffId);
      if (now?.state === 'assigned')
        return { ok: false, reason: 'already-claimed', claimedBy: now.assignedTo };
      return { ok: false, reason: 'not-found' };
    }
    await this.events.emit({
      type: 'handoff.claimed',
      handoffId,
      ticketNumber: claimed.ticketNumber,
      technicianId: technician.id,
      technicianName: technician.name,
    });
    this.deps.logger.info({ handoffId, technicianId: technician.id }, 'hand-over claimed');
    await this.notices.joined(claimed, technician.name);
    return { ok: true, handoff: claimed };
  }

  /**
   * A technician takes back a conversation the bot owns again (after a hand back, or after the
   * user stopped waiting), on the same ticket. The new hand-over's id derives from the ended one,
   * so of several technicians picking it at once exactly one insert wins. If the user has asked
   * for a person meanwhile, that live hand-over is claimed instead.
   */
  async pickUp(handoffId: string, technician: Technician): Promise<ClaimResult> {
    const previous = await this.handoffs.get(handoffId);
    if (!previous) return { ok: false, reason: 'not-found' };
    const live = isLive(previous) ? previous : await this.ownerOf(previous.conversationId);
    if (live) return this.claim(live.id, technician);
    if (previous.state === 'resolved') return { ok: false, reason: 'not-allowed' };
    if (previous.assignedTo !== technician.id && !(await this.queue.mayTake(technician, previous)))
      return { ok: false, reason: 'not-allowed' };
    const { version: _v, endedAt: _e, endReason: _r, lastUpdateAt: _u, ...kept } = previous;
    const now = this.clock().toISOString();
    const id = `${previous.id}.picked`;
    let picked: Handoff;
    try {
      picked = await this.handoffs.insert({
        ...kept,
        id,
        state: 'assigned',
        reason: 'technician-picked',
        queuedAt: now,
        seq: await this.deps.storage.counters.next('handoff'),
        assignedTo: technician.id,
        assignedToName: technician.name,
        assignedAt: now,
        userWaitingMode: 'waiting',
        outOfHours: false,
      });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      return { ok: false, reason: 'already-claimed', claimedBy: (await this.handoffs.get(id))?.assignedTo };
    }
    await this.owners.set(picked.conversationId, {
      handoffId: picked.id,
      pending: undefined,
      confirm: undefined,
    });
    await this.joined(picked, technician, 'conversation picked up', { pickedFrom: previous.id });
    return { ok: true, handoff: picked };
  }

  /**
   * A new ticket and a hand-over already assigned to `technician`, for a conversation the bot is
   * having (see bot-chat-takeover.ts, which makes sure only one technician gets here per chat).
   */
  async openAssigned(req: HandoffRequest, technician: Technician): Promise<Handoff> {
    const ticket = await this.openTicketRecord(req, originOf(req.reason));
    const now = this.clock().toISOString();
    const handoff = await this.insertHandoff(req, ticket, {
      state: 'assigned',
      queuedAt: now,
      assignedTo: technician.id,
      assignedToName: technician.name,
      assignedAt: now,
      userWaitingMode: 'waiting',
      outOfHours: false,
    });
    await this.events.emit({ type: 'ticket.opened', ticketNumber: ticket.number, ticketId: ticket.id });
    await this.joined(handoff, technician, 'bot chat taken over');
    return handoff;
  }

  async sendToUser(
    handoffId: string,
    technician: Technician,
    text: string,
    options: { markdown?: boolean } = {},
  ): Promise<void> {
    const handoff = await this.assignedTo(handoffId, technician, false);
    const clean = await this.redacted(text.trim().slice(0, MAX_TEXT), handoff.conversationId);
    if (!clean) throw new HandoffError('invalid', 'The message is empty.');
    await this.notices.fromTechnician(handoff, technician, clean, options.markdown === true);
    const at = this.clock().toISOString();
    await this.deps.storage.transcripts.append({
      conversationId: handoff.conversationId,
      channelId: handoff.channelId,
      direction: 'outgoing',
      at,
      type: 'message',
      from: { id: technician.id, name: technician.name, role: 'technician' },
      text: clean,
    });
    await this.events.emit({
      type: 'message',
      handoffId,
      ticketNumber: handoff.ticketNumber,
      from: 'technician',
      technicianId: technician.id,
      name: technician.name,
      text: clean,
    });
  }

  async relayFromUser(context: TurnContext, handoff: Handoff): Promise<void> {
    const { activity } = context;
    // A turn run again after a crash (`isRerun`) may have relayed this message already: the
    // first run marks it right after the relay, the rerun relays only if it finds no mark.
    const mark = this.relayMark(context);
    const rerun = isRerun(context);
    if (mark && rerun && !(await mark())) return;
    await this.events.emit({
      type: 'message',
      handoffId: handoff.id,
      ticketNumber: handoff.ticketNumber,
      from: 'user',
      state: handoff.state,
      // A click on an earlier card has no text: the technician sees the chosen option's label.
      text: clickedText(activity),
      attachments: (activity.attachments ?? []).map((a) => a.contentType),
      files: filesOf(activity),
    });
    if (mark && !rerun) await mark();
  }

  /** Claims "this activity was relayed"; true for the first claim. */
  private relayMark(context: TurnContext): (() => Promise<boolean>) | undefined {
    const { id, conversation } = context.activity;
    const idempotency = this.deps.storage.idempotency;
    if (!idempotency || !id || !conversation?.id) return undefined;
    return () => idempotency.claim(`relayed:${conversation.id}:${id}`, RELAY_MARK_MS);
  }

  async typing(handoffId: string, from: 'user' | Technician): Promise<void> {
    const handoff = await this.handoffs.get(handoffId);
    if (!handoff || !isLive(handoff)) return;
    if (from === 'user') {
      await this.events.emit({ type: 'typing', handoffId, from: 'user' });
      return;
    }
    if (handoff.state !== 'assigned' || handoff.assignedTo !== from.id) return;
    await this.notices.typing(handoff);
  }

  async addNote(handoffId: string, technician: Technician, text: string): Promise<TicketNote> {
    const handoff = await this.handoffs.get(handoffId);
    if (!handoff) throw new HandoffError('not-found', `No hand-over ${handoffId}.`);
    const clean = await this.redacted(text.trim(), handoff.conversationId);
    const note = await this.deps.tickets.addNote(handoff.ticketId, technician.name, clean);
    await this.events.emit({
      type: 'note',
      handoffId,
      ticketNumber: handoff.ticketNumber,
      noteId: note.id,
      author: technician.name,
      text: note.text,
    });
    return note;
  }

  async transfer(
    handoffId: string,
    technician: Technician,
    to: { technicianId?: string; queue?: { category?: string; skills?: string[] } },
  ): Promise<Handoff> {
    const current = await this.assignedTo(handoffId, technician, true);
    const now = this.clock().toISOString();
    let updated: Handoff | undefined;
    if (to.technicianId) {
      const target = await this.deps.technicians.get(to.technicianId);
      if (!target) throw new HandoffError('not-found', `No technician ${to.technicianId}.`);
      updated = await this.handoffs.update(
        handoffId,
        { state: 'assigned', version: current.version },
        { assignedTo: target.id, assignedToName: target.name, assignedAt: now },
      );
      if (updated) await this.notices.transferredToPerson(updated, target.name);
    } else {
      const category = to.queue?.category ?? current.category;
      const skills =
        to.queue?.skills ?? (to.queue?.category ? queueSkills(this.deps.support, category) : current.skills);
      // Back in the queue at its original place: the user has waited already.
      updated = await this.handoffs.update(
        handoffId,
        { state: 'assigned', version: current.version },
        {
          state: 'queued',
          category,
          skills,
          assignedTo: undefined,
          assignedToName: undefined,
          assignedAt: undefined,
        },
      );
      if (updated) await this.notices.transferredToQueue(updated);
    }
    if (!updated) throw new HandoffError('conflict', 'The hand-over changed meanwhile; reload it.');
    await this.events.emit({
      type: 'handoff.transferred',
      handoffId,
      ticketNumber: updated.ticketNumber,
      from: technician.id,
      to: to.technicianId ?? null,
      state: updated.state,
    });
    return updated;
  }

  async handBack(handoffId: string, technician: Technician): Promise<Handoff> {
    const ended = await this.end(
      await this.assignedTo(handoffId, technician, true),
      'returned',
      'returned-to-bot',
    );
    await this.owners.release(ended.conversationId, ended.id);
    await this.events.emit({ type: 'handoff.returned', handoffId, ticketNumber: ended.ticketNumber });
    await this.notices.handedBack(ended);
    return ended;
  }

  async resolve(
    handoffId: string,
    technician: Technician,
    resolution: { note: string; category: string },
  ): Promise<{ handoff: Handoff; ticket: Ticket }> {
    const current = await this.assignedTo(handoffId, technician, true);
    const note = await this.redacted(resolution.note, current.conversationId);
    const ended = await this.end(current, 'resolved', 'resolved');
    const ticket = await this.deps.tickets.resolve(ended.ticketId, {
      ...resolution,
      note,
      by: technician.name,
    });
    await this.owners.release(ended.conversationId, ended.id);
    await this.owners.set(ended.conversationId, {
      pending: { kind: 'rating', ticketId: ticket.id, language: ended.language },
    });
    await this.events.emit({ type: 'handoff.resolved', handoffId, ticketNumber: ended.ticketNumber });
    await this.notices.resolved(ended, technician.name);
    return { handoff: ended, ticket };
  }

  private async redacted(text: string, conversationId: string): Promise<string> {
    return this.deps.redactTechnicianText ? this.deps.redactTechnicianText(text, conversationId) : text;
  }

  async ownerOf(conversationId: string): Promise<Handoff | undefined> {
    const owner = await this.owners.get(conversationId);
    if (!owner?.handoffId) return undefined;
    const handoff = await this.handoffs.get(owner.handoffId);
    return handoff && isLive(handoff) ? handoff : undefined;
  }

  async getTicket(ticketId: string) {
    const ticket = await this.deps.tickets.get(ticketId);
    if (!ticket) return undefined;
    return this.deps.tickets.withTranscript(ticketId);
  }

  // --- Bot side: what the user decides while waiting and after the hand-over ---

  /** The category question asked before queuing, if one waits for the user's answer. */
  async pendingConfirmation(conversationId: string): Promise<PendingConfirmation | undefined> {
    return (await this.owners.get(conversationId))?.confirm;
  }

  async setConfirmation(conversationId: string, confirm: PendingConfirmation | undefined): Promise<void> {
    await this.owners.set(conversationId, { confirm });
  }

  getHandoff(id: string): Promise<Handoff | undefined> {
    return this.handoffs.get(id);
  }

  async setWaitingMode(handoffId: string, mode: WaitingMode): Promise<Handoff | undefined> {
    const updated = await this.handoffs.update(handoffId, { state: 'queued' }, { userWaitingMode: mode });
    if (updated) await this.events.emit({ type: 'handoff.updated', handoffId, userWaitingMode: mode });
    return updated;
  }

  /** The user no longer wants a person; the ticket stays open for the service desk. */
  async cancelByUser(handoffId: string): Promise<Handoff | undefined> {
    const handoff = await this.handoffs.get(handoffId);
    if (!handoff || handoff.state !== 'queued') return undefined;
    const ended = await this.end(handoff, 'abandoned', 'user-cancelled').catch(() => undefined);
    if (!ended) return undefined;
    await this.owners.release(ended.conversationId, ended.id);
    await this.events.emit({ type: 'handoff.abandoned', handoffId, ticketNumber: ended.ticketNumber });
    return ended;
  }

  /** 1-based place in the queue, and an estimate when there is a basis for one. */
  standing(handoff: Handoff): Promise<{ position: number; estimatedWaitMinutes: number | null }> {
    return this.queue.standing(handoff);
  }

  /** Queued hand-overs in queue order. */
  queued(): Promise<Handoff[]> {
    return this.queue.queued();
  }

  /** Marks that the user was told their place, only if nobody else (another instance) just did. */
  markUpdated(handoff: Handoff): Promise<Handoff | undefined> {
    return this.handoffs.update(
      handoff.id,
      { state: 'queued', version: handoff.version },
      { lastUpdateAt: this.clock().toISOString() },
    );
  }

  get userNotices(): UserNotices {
    return this.notices;
  }

  emit(event: ConsoleEvent): Promise<number> {
    return this.events.emit(event);
  }

  private async describe(handoff: Handoff, existing: boolean): Promise<HandoffRequestResult> {
    const ticket = await this.deps.tickets.get(handoff.ticketId);
    if (!ticket) throw new HandoffError('not-found', `Ticket ${handoff.ticketId} is missing.`);
    const now = this.clock();
    const opening = isOpen(this.deps.support, now) ? undefined : nextOpening(this.deps.support, now);
    return {
      handoff,
      ticket,
      ...(await this.standing(handoff)),
      outOfHours: opening ? { nextOpening: opening.toISOString() } : null,
      existing,
    };
  }

  /** A technician has a hand-over they did not claim from the queue: the console and the user learn who. */
  private async joined(
    handoff: Handoff,
    technician: Technician,
    logMessage: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.emit({
      type: 'handoff.claimed',
      handoffId: handoff.id,
      ticketNumber: handoff.ticketNumber,
      technicianId: technician.id,
      technicianName: technician.name,
      ...extra,
    });
    this.deps.logger.info({ handoffId: handoff.id, technicianId: technician.id }, logMessage);
    await this.notices.joined(handoff, technician.name);
  }

  /** Stores a new hand-over of the request's conversation on `ticket` and makes it the owner. */
  private async insertHandoff(
    req: HandoffRequest,
    ticket: Ticket,
    fields: Pick<Handoff, 'state' | 'queuedAt' | 'userWaitingMode' | 'outOfHours'> &
      Partial<Pick<Handoff, 'assignedTo' | 'assignedToName' | 'assignedAt'>>,
  ): Promise<Handoff> {
    const conversationId = req.reference.conversation?.id ?? '';
    const handoff = await this.handoffs.insert({
      id: randomUUID(),
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      conversationId,
      channelId: req.channelId,
      reason: req.reason,
      upstream: withoutActivity(req.reference),
      user: req.user,
      language: req.language,
      category: ticket.category,
      priority: ticket.priority,
      rank: rankOf(ticket.priority),
      skills: ticket.skills,
      seq: await this.deps.storage.counters.next('handoff'),
      ...fields,
    });
    await this.owners.set(conversationId, { handoffId: handoff.id, pending: undefined, confirm: undefined });
    return handoff;
  }

  private openTicketRecord(req: Omit<HandoffRequest, 'reason'>, origin: string): Promise<Ticket> {
    return this.deps.tickets.create(newTicketFor(req, origin, this.deps.support));
  }

  /** The hand-over, if it is assigned to this technician (leads and admins may act on any). */
  private async assignedTo(handoffId: string, technician: Technician, leadMay: boolean): Promise<Handoff> {
    const handoff = await this.handoffs.get(handoffId);
    if (!handoff) throw new HandoffError('not-found', `No hand-over ${handoffId}.`);
    if (handoff.state !== 'assigned')
      throw new HandoffError('not-assigned', 'Nobody has claimed this hand-over.');
    if (!mayAccess(handoff, technician, leadMay ? 'act' : 'speak'))
      throw new HandoffError('not-allowed', 'Another technician has this hand-over.');
    return handoff;
  }

  private async end(handoff: Handoff, state: 'resolved' | 'returned' | 'abandoned', reason: EndReason) {
    const ended = await this.handoffs.update(
      handoff.id,
      { state: handoff.state, version: handoff.version },
      { state, endedAt: this.clock().toISOString(), endReason: reason },
    );
    if (!ended) throw new HandoffError('conflict', 'The hand-over changed meanwhile; reload it.');
    this.deps.logger.info({ handoffId: handoff.id, endReason: reason }, 'hand-over ended');
    return ended;
  }
}

function isLive(handoff: Handoff): boolean {
  return (LIVE_STATES as readonly string[]).includes(handoff.state);
}
