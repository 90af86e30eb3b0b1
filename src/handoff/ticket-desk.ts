import { isActive, type Technician } from '../technicians';
import {
  TicketError,
  type Priority,
  type Ticket,
  type TicketNote,
  type TicketPage,
  type TicketQuery,
  type TicketReply,
  type TicketStatus,
  type TicketTranslation,
  type TicketWithTranscript,
} from '../tickets';
import { ticketVisibility, type DeskAccess } from './desk-access';
import type { HandoffRecords } from './handoff-records';
import { isLive } from './handoff-records';
import { HandoffError, type Handoff } from './handoff-types';
import { TicketReplyDelivery } from './ticket-replies';
import { technicianActor } from './ticket-upkeep';

/** What a technician may change on a ticket at once; `null` clears the assignee or the team. */
export interface TicketChange {
  status?: TicketStatus;
  assigneeId?: string | null;
  team?: string | null;
  priority?: Priority;
  category?: string;
  why?: string;
}

/** Every hand-over of one ticket is far below this. */
const HANDOFFS_PER_TICKET = 1000;

/**
 * The technicians' side of tickets (the worklist, whatever they work from): find one by id or
 * number, list with the access rule applied, change status, assignee, team, priority and
 * category (each recorded in the history), reply to the user through their channel, note, merge
 * and link. Who may see which ticket is `DeskAccess`; callers check it first with `find`.
 */
export class TicketDesk {
  private readonly delivery: TicketReplyDelivery;

  constructor(
    private readonly records: HandoffRecords,
    private readonly access: DeskAccess,
  ) {
    this.delivery = new TicketReplyDelivery(records);
  }

  /** The ticket by id or number (HD-1001), or undefined when absent or not the viewer's to see. */
  find(idOrNumber: string, viewer: Technician): Promise<Ticket | undefined> {
    return this.access.ticket(idOrNumber, viewer);
  }

  /** The worklist as the viewer may see it. */
  list(query: Omit<TicketQuery, 'visibleTo'>, viewer: Technician): Promise<TicketPage> {
    const visibleTo = ticketVisibility(viewer);
    return this.tickets.query({ ...query, ...(visibleTo ? { visibleTo } : {}) });
  }

  /** The ticket with its transcript and files. */
  async view(ticket: Ticket): Promise<TicketWithTranscript> {
    return (await this.tickets.withTranscript(ticket.id)) ?? { ticket, transcript: [], files: [] };
  }

  /** The hand-overs of the ticket, newest first (the live one, if any, decides some changes). */
  handoffsOf(ticket: Ticket): Promise<Handoff[]> {
    return this.records.handoffs.find({
      where: { ticketId: ticket.id },
      orderBy: [{ field: 'queuedAt', direction: 'desc' }],
      limit: HANDOFFS_PER_TICKET,
    });
  }

  /**
   * Applies the change in a fixed order (assignee, team, priority, category, then status), each
   * step a validated store change with its own history line. Resolving a ticket whose
   * conversation is live with a technician is refused: that is the conversation's "resolve",
   * which tells the user and asks for the rating.
   */
  async update(ticket: Ticket, technician: Technician, change: TicketChange): Promise<Ticket> {
    const by = technicianActor(technician);
    const why = change.why;
    let current = ticket;
    if (change.assigneeId !== undefined) {
      const assignee = change.assigneeId === null ? undefined : await this.assignable(change.assigneeId);
      current = await this.tickets.assign(ticket.id, assignee, by, why);
    }
    if (change.team !== undefined)
      current = await this.tickets.setTeam(ticket.id, change.team ?? undefined, by, why);
    if (change.priority !== undefined)
      current = await this.tickets.setPriority(ticket.id, change.priority, by, why);
    if (change.category !== undefined)
      current = await this.tickets.setCategory(ticket.id, change.category, by, why);
    if (change.status !== undefined && change.status !== current.status) {
      current = await this.changeStatus(current, change.status, technician, why);
      // A user away from the chat learns of it by e-mail (with an address and SMTP_URL).
      await this.records.mailStatusIfAway(current);
    }
    await this.changed(current, 'updated');
    return current;
  }

  /**
   * A public reply: recorded on the ticket first (so it is never lost), then delivered to the
   * user through their channel; how it went is recorded on the reply.
   */
  async reply(ticket: Ticket, technician: Technician, text: string): Promise<TicketReply> {
    const clean = await this.redacted(text, ticket.conversationId);
    if (!clean) throw new TicketError('invalid-input', 'The reply is empty.');
    const reply = await this.tickets.reply(ticket.id, technicianActor(technician), clean);
    const delivery = await this.delivery.deliver(ticket, technician, reply.text);
    const recorded = await this.tickets.setReplyDelivery(ticket.id, reply.id, delivery);
    await this.changed(ticket, 'reply');
    return recorded ?? { ...reply, delivery };
  }

  /** An internal note: technicians only, never sent to the user. */
  async note(ticket: Ticket, technician: Technician, text: string): Promise<TicketNote> {
    const clean = await this.redacted(text, ticket.conversationId);
    if (!clean) throw new TicketError('invalid-input', 'The note is empty.');
    const note = await this.tickets.addNote(ticket.id, technicianActor(technician), clean);
    await this.changed(ticket, 'note');
    return note;
  }

  /** Closes `duplicate` as merged into `into`; both histories say so. */
  async merge(duplicate: Ticket, into: Ticket, technician: Technician): Promise<Ticket> {
    const merged = await this.tickets.merge(duplicate.id, into.id, technicianActor(technician));
    await this.changed(merged, 'merged');
    await this.changed(into, 'merged');
    return merged;
  }

  /** Makes `parent` the ticket's parent (undefined: none). */
  async link(ticket: Ticket, parent: Ticket | undefined, technician: Technician): Promise<Ticket> {
    const linked = await this.tickets.link(ticket.id, parent?.id, technicianActor(technician));
    await this.changed(linked, 'linked');
    return linked;
  }

  /** The numbers of the tickets this one points at (merged into, parent), for people to read. */
  async related(ticket: Ticket): Promise<{ mergedInto?: string; parent?: string; relatedTo?: string }> {
    const [into, parent, relatedTo] = await Promise.all([
      ticket.mergedInto ? this.tickets.get(ticket.mergedInto) : undefined,
      ticket.parentId ? this.tickets.get(ticket.parentId) : undefined,
      ticket.relatedTo ? this.tickets.get(ticket.relatedTo) : undefined,
    ]);
    return {
      ...(into ? { mergedInto: into.number } : {}),
      ...(parent ? { parent: parent.number } : {}),
      ...(relatedTo ? { relatedTo: relatedTo.number } : {}),
    };
  }

  history(ticket: Ticket) {
    return this.tickets.history(ticket.id);
  }

  /** The user's messages were translated for a technician: the pair is kept on the ticket. */
  translated(ticket: Ticket, pair: TicketTranslation): Promise<Ticket> {
    return this.tickets.setTranslation(ticket.id, pair);
  }

  private async changeStatus(ticket: Ticket, to: TicketStatus, technician: Technician, why?: string) {
    const by = technicianActor(technician);
    if (to !== 'resolved') return this.tickets.transition(ticket.id, to, by, why);
    const live = (await this.handoffsOf(ticket)).find((h) => isLive(h) && h.state === 'assigned');
    if (live)
      throw new TicketError(
        'invalid-transition',
        `${ticket.number} is in a live conversation with ${live.assignedToName ?? 'a technician'}; resolve it from the conversation, which tells the user.`,
      );
    const note = why ? await this.redacted(why, ticket.conversationId) : 'Resolved from the ticket.';
    return this.tickets.resolve(ticket.id, { note, category: ticket.category, by: technician.name }, by);
  }

  /** An active technician to assign, or a refusal the API answers with 400. */
  private async assignable(technicianId: string) {
    const technician = await this.records.deps.technicians.get(technicianId);
    if (!technician) throw new HandoffError('invalid', 'Invalid "assigneeId": no such technician.');
    if (!isActive(technician))
      throw new HandoffError('invalid', 'Invalid "assigneeId": that technician is disabled.');
    return { id: technician.id, name: technician.name };
  }

  private async changed(ticket: Ticket, change: string): Promise<void> {
    await this.records.events.emit({
      type: 'ticket.updated',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      change,
    });
  }

  private async redacted(text: string, conversationId: string): Promise<string> {
    const trimmed = text.trim();
    const redact = this.records.deps.redactTechnicianText;
    return (redact ? await redact(trimmed, conversationId) : trimmed).trim();
  }

  private get tickets() {
    return this.records.deps.tickets;
  }
}
