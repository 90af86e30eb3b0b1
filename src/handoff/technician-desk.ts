import type { Technician } from '../technicians';
import type { Ticket, TicketNote, TicketTranslation, TicketWithTranscript } from '../tickets';
import { DuplicateKeyError } from '../storage/ports';
import { DeskAccess, mayAccess } from './desk-access';
import { isLive, type HandoffRecords } from './handoff-records';
import {
  HandoffError,
  type ClaimResult,
  type Handoff,
  type HandoffRequest,
  type QueueEntry,
} from './handoff-types';
import { originOf } from './ticket-request';
import { queueSkills } from './support-config';
import { TicketDesk } from './ticket-desk';
import { technicianActor } from './ticket-upkeep';

const MAX_TEXT = 4000;

/** Where a hand-over goes on transfer: a named technician, or back into a queue. */
export interface TransferTarget {
  technicianId?: string;
  queue?: { category?: string; skills?: string[] };
}

/**
 * The technicians' side of the hand-over (downstream), whatever they work from (console, Teams
 * channel): the queue as they see it, claim, pick-up, messages to the user, notes, transfer, hand
 * back, resolve, and who may do which (`access`, the one rule).
 */
export class TechnicianDesk {
  /** Who may see and do what with hand-overs, tickets and conversations. */
  readonly access: DeskAccess;
  /** The worklist's side: tickets by id or number, changes, replies to the user, notes, merge, link. */
  readonly tickets: TicketDesk;

  constructor(private readonly records: HandoffRecords) {
    this.access = new DeskAccess(records.handoffs, records.deps.tickets);
    this.tickets = new TicketDesk(records, this.access);
  }

  listQueue(viewer: Technician): Promise<QueueEntry[]> {
    return this.records.queue.list(viewer);
  }

  /** Queued hand-overs in queue order (the Teams channel posts a card for each new one). */
  queued(): Promise<Handoff[]> {
    return this.records.queue.queued();
  }

  /** Live hand-overs assigned to this technician, oldest first (the console's "mine" after a reload). */
  listAssigned(technician: Technician): Promise<Handoff[]> {
    return this.records.handoffs.find({
      where: { state: 'assigned', assignedTo: technician.id },
      orderBy: [{ field: 'assignedAt', direction: 'asc' }],
      limit: 200,
    });
  }

  getHandoff(id: string): Promise<Handoff | undefined> {
    return this.records.handoffs.get(id);
  }

  /** The ticket with its transcript; who may see it is `access`. */
  async getTicket(ticketId: string): Promise<TicketWithTranscript | undefined> {
    const { tickets } = this.records.deps;
    if (!(await tickets.get(ticketId))) return undefined;
    return tickets.withTranscript(ticketId);
  }

  async claim(handoffId: string, technician: Technician): Promise<ClaimResult> {
    const { handoffs, queue } = this.records;
    const handoff = await handoffs.get(handoffId);
    if (!handoff || !isLive(handoff)) return { ok: false, reason: 'not-found' };
    if (handoff.state === 'assigned')
      return { ok: false, reason: 'already-claimed', claimedBy: handoff.assignedTo };
    if (!(await queue.mayTake(technician, handoff))) return { ok: false, reason: 'not-allowed' };
    const claimed = await handoffs.update(
      handoffId,
      { state: 'queued' },
      {
        state: 'assigned',
        assignedTo: technician.id,
        assignedToName: technician.name,
        assignedAt: this.records.clock().toISOString(),
      },
    );
    if (!claimed) {
      const now = await handoffs.get(handoffId);
      if (now?.state === 'assigned')
        return { ok: false, reason: 'already-claimed', claimedBy: now.assignedTo };
      return { ok: false, reason: 'not-found' };
    }
    await this.records.events.emit({
      type: 'handoff.claimed',
      handoffId,
      ticketNumber: claimed.ticketNumber,
      technicianId: technician.id,
      technicianName: technician.name,
    });
    this.records.logger.info({ handoffId, technicianId: technician.id }, 'hand-over claimed');
    await this.records.upkeep.taken(claimed, technician, 'claimed the conversation');
    await this.records.notices.joined(claimed, technician.name);
    return { ok: true, handoff: claimed };
  }

  /**
   * A technician takes back a conversation the bot owns again (after a hand back, or after the
   * user stopped waiting), on the same ticket. The new hand-over's id derives from the ended one,
   * so of several technicians picking it at once exactly one insert wins. If the user has asked
   * for a person meanwhile, that live hand-over is claimed instead.
   */
  async pickUp(handoffId: string, technician: Technician): Promise<ClaimResult> {
    const { handoffs, queue, owners } = this.records;
    const previous = await handoffs.get(handoffId);
    if (!previous) return { ok: false, reason: 'not-found' };
    const live = isLive(previous) ? previous : await this.records.ownerOf(previous.conversationId);
    if (live) return this.claim(live.id, technician);
    if (previous.state === 'resolved') return { ok: false, reason: 'not-allowed' };
    if (previous.assignedTo !== technician.id && !(await queue.mayTake(technician, previous)))
      return { ok: false, reason: 'not-allowed' };
    const { version: _v, endedAt: _e, endReason: _r, lastUpdateAt: _u, ...kept } = previous;
    const now = this.records.clock().toISOString();
    const id = `${previous.id}.picked`;
    let picked: Handoff;
    try {
      picked = await handoffs.insert({
        ...kept,
        id,
        state: 'assigned',
        reason: 'technician-picked',
        queuedAt: now,
        seq: await this.records.deps.storage.counters.next('handoff'),
        assignedTo: technician.id,
        assignedToName: technician.name,
        assignedAt: now,
        userWaitingMode: 'waiting',
        outOfHours: false,
      });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      return { ok: false, reason: 'already-claimed', claimedBy: (await handoffs.get(id))?.assignedTo };
    }
    await owners.set(picked.conversationId, { handoffId: picked.id, pending: undefined, confirm: undefined });
    await this.records.upkeep.taken(picked, technician, 'took the conversation back from the bot');
    await this.records.joined(picked, technician, 'conversation picked up', { pickedFrom: previous.id });
    return { ok: true, handoff: picked };
  }

  /**
   * A new ticket and a hand-over already assigned to `technician`, for a conversation the bot is
   * having (see bot-chat-takeover.ts, which makes sure only one technician gets here per chat).
   */
  async openAssigned(req: HandoffRequest, technician: Technician): Promise<Handoff> {
    const ticket = await this.records.openTicketRecord(req, originOf(req.reason));
    const now = this.records.clock().toISOString();
    const handoff = await this.records.insertHandoff(req, ticket, {
      state: 'assigned',
      queuedAt: now,
      assignedTo: technician.id,
      assignedToName: technician.name,
      assignedAt: now,
      userWaitingMode: 'waiting',
      outOfHours: false,
    });
    await this.records.events.emit({
      type: 'ticket.opened',
      ticketNumber: ticket.number,
      ticketId: ticket.id,
    });
    await this.records.upkeep.taken(handoff, technician, 'took over the chat from the bot');
    await this.records.joined(handoff, technician, 'bot chat taken over');
    return handoff;
  }

  /** `markdown`: the text is trusted Markdown (an article); otherwise it is shown as typed. */
  async sendToUser(
    handoffId: string,
    technician: Technician,
    text: string,
    options: { markdown?: boolean } = {},
  ): Promise<void> {
    const handoff = await this.assignedTo(handoffId, technician, 'speak');
    const clean = await this.redacted(text.trim().slice(0, MAX_TEXT), handoff.conversationId);
    if (!clean) throw new HandoffError('invalid', 'The message is empty.');
    const translated = await this.inUserLanguage(handoff, technician, clean);
    await this.records.notices.fromTechnician(
      handoff,
      technician,
      translated ?? clean,
      translated !== undefined || options.markdown === true,
    );
    await this.records.deps.storage.transcripts.append({
      conversationId: handoff.conversationId,
      channelId: handoff.channelId,
      direction: 'outgoing',
      at: this.records.clock().toISOString(),
      type: 'message',
      from: { id: technician.id, name: technician.name, role: 'technician' },
      text: clean,
    });
    await this.records.events.emit({
      type: 'message',
      handoffId,
      ticketNumber: handoff.ticketNumber,
      from: 'technician',
      technicianId: technician.id,
      name: technician.name,
      text: clean,
    });
  }

  /** The technician is typing: the user sees it, if the hand-over is theirs. */
  async typing(handoffId: string, technician: Technician): Promise<void> {
    const handoff = await this.records.handoffs.get(handoffId);
    if (!handoff || handoff.state !== 'assigned' || !mayAccess(handoff, technician, 'speak')) return;
    await this.records.notices.typing(handoff);
  }

  async addNote(handoffId: string, technician: Technician, text: string): Promise<TicketNote> {
    const handoff = await this.records.handoffs.get(handoffId);
    if (!handoff) throw new HandoffError('not-found', `No hand-over ${handoffId}.`);
    const clean = await this.redacted(text.trim(), handoff.conversationId);
    const note = await this.records.deps.tickets.addNote(handoff.ticketId, technician.name, clean);
    await this.records.events.emit({
      type: 'note',
      handoffId,
      ticketNumber: handoff.ticketNumber,
      noteId: note.id,
      author: technician.name,
      text: note.text,
    });
    return note;
  }

  async transfer(handoffId: string, technician: Technician, to: TransferTarget): Promise<Handoff> {
    const { handoffs, notices, deps } = this.records;
    const current = await this.assignedTo(handoffId, technician, 'act');
    let updated: Handoff | undefined;
    let target: Technician | undefined;
    if (to.technicianId) {
      target = await deps.technicians.get(to.technicianId);
      if (!target) throw new HandoffError('not-found', `No technician ${to.technicianId}.`);
      updated = await handoffs.update(
        handoffId,
        { state: 'assigned', version: current.version },
        {
          assignedTo: target.id,
          assignedToName: target.name,
          assignedAt: this.records.clock().toISOString(),
        },
      );
      if (updated) await notices.transferredToPerson(updated, target.name);
    } else {
      const category = to.queue?.category ?? current.category;
      const skills =
        to.queue?.skills ?? (to.queue?.category ? queueSkills(deps.support, category) : current.skills);
      // Back in the queue at its original place: the user has waited already.
      updated = await handoffs.update(
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
      if (updated) await notices.transferredToQueue(updated);
    }
    if (!updated) throw new HandoffError('conflict', 'The hand-over changed meanwhile; reload it.');
    await this.records.upkeep.transferred(updated, technician, target);
    await this.records.events.emit({
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
    const { owners, events, notices } = this.records;
    const ended = await this.records.end(
      await this.assignedTo(handoffId, technician, 'act'),
      'returned',
      'returned-to-bot',
    );
    await owners.release(ended.conversationId, ended.id);
    await this.records.upkeep.handedBack(ended, technician);
    await events.emit({ type: 'handoff.returned', handoffId, ticketNumber: ended.ticketNumber });
    await notices.handedBack(ended);
    return ended;
  }

  async resolve(
    handoffId: string,
    technician: Technician,
    resolution: { note: string; category: string },
  ): Promise<{ handoff: Handoff; ticket: Ticket }> {
    const { owners, events, notices, deps } = this.records;
    const current = await this.assignedTo(handoffId, technician, 'act');
    const note = await this.redacted(resolution.note, current.conversationId);
    const ended = await this.records.end(current, 'resolved', 'resolved');
    const ticket = await deps.tickets.resolve(
      ended.ticketId,
      { ...resolution, note, by: technician.name },
      technicianActor(technician),
    );
    await owners.release(ended.conversationId, ended.id);
    await owners.set(ended.conversationId, {
      pending: { kind: 'rating', ticketId: ticket.id, language: ended.language },
    });
    await events.emit({ type: 'handoff.resolved', handoffId, ticketNumber: ended.ticketNumber });
    await notices.resolved(ended, technician.name);
    return { handoff: ended, ticket };
  }

  /**
   * A technician who does not speak the user's language writes in their own (their first one):
   * the user gets the translation with the original below it. Undefined when no translation is
   * needed or none came (the reply is then sent as written).
   */
  private async inUserLanguage(
    handoff: Handoff,
    technician: Technician,
    text: string,
  ): Promise<string | undefined> {
    const { translate, catalogue } = this.records.deps;
    const from = technician.languages[0];
    if (!translate || !from || technician.languages.includes(handoff.language)) return undefined;
    const translation = await translate({
      text,
      from,
      to: handoff.language,
      conversationId: handoff.conversationId,
    });
    if (!translation) return undefined;
    await this.translatedOn(handoff.ticketId, { user: handoff.language, technician: from });
    const original = text
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    return `${translation}\n\n_${catalogue.t(handoff.language, 'handoff.translatedOriginal')}_\n\n${original}`;
  }

  /** Keeps the language pair on the ticket; the message goes out even if that write fails. */
  private async translatedOn(ticketId: string, pair: TicketTranslation): Promise<void> {
    await this.records.deps.tickets.setTranslation(ticketId, pair).catch((err: unknown) => {
      this.records.logger.warn({ err, ticketId }, 'could not keep the language pair on the ticket');
    });
  }

  private async redacted(text: string, conversationId: string): Promise<string> {
    const redact = this.records.deps.redactTechnicianText;
    return redact ? redact(text, conversationId) : text;
  }

  /** The hand-over, if it is assigned and the technician may `access` it (leads may act on any). */
  private async assignedTo(
    handoffId: string,
    technician: Technician,
    access: 'act' | 'speak',
  ): Promise<Handoff> {
    const handoff = await this.records.handoffs.get(handoffId);
    if (!handoff) throw new HandoffError('not-found', `No hand-over ${handoffId}.`);
    if (handoff.state !== 'assigned')
      throw new HandoffError('not-assigned', 'Nobody has claimed this hand-over.');
    if (!mayAccess(handoff, technician, access))
      throw new HandoffError('not-allowed', 'Another technician has this hand-over.');
    return handoff;
  }
}
