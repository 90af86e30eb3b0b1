import { randomUUID } from 'node:crypto';
import { canTransition, historyEntry, isActive } from './ticket-lifecycle';
import { BOT, MAX_LABEL_CHARS, TicketError, TicketRecords, type Entry } from './ticket-records';
import { buildSummary } from './ticket-summary';
import {
  PRIORITIES,
  type NewTicket,
  type Priority,
  type Ticket,
  type TicketActor,
  type TicketAssignee,
  type TicketFollowUp,
  type TicketNote,
  type TicketRating,
  type TicketReply,
  type TicketResolution,
  type TicketSla,
  type TicketStatus,
  type TicketTranslation,
} from './ticket-types';

export {
  TicketError,
  type Entry as TicketHistoryChange,
  type TicketErrorCode,
  type TicketStoreOptions,
} from './ticket-records';

/** Ticket numbers start above this, so the first one reads HD-1001. */
const NUMBER_OFFSET = 1000;
const MAX_NOTE_CHARS = 4000;
const MAX_REPLY_CHARS = 4000;
/** The problem grows with what the user adds while waiting, up to this many characters. */
const MAX_PROBLEM_CHARS = 4000;
const MAX_COMMENT_CHARS = 1000;
/** Why the bot's own resolution was taken back: the user said the fix did not help. */
export const BOT_FIX_TAKEN_BACK = 'the user said the fix did not help';
/** Replies and notes each stop here, so that a ticket document stays bounded. */
export const MAX_REPLIES = 200;
export const MAX_NOTES = 200;

/** Tickets in the `tickets` collection: what people and the bot do with them, each change one compare-and-set. */
export class TicketStore extends TicketRecords {
  /** A new ticket, `open` unless the input says otherwise; its history starts with 'created'. */
  async create(input: NewTicket, by: TicketActor = BOT): Promise<Ticket> {
    const number = `HD-${NUMBER_OFFSET + (await this.storage.counters.next('ticket'))}`;
    const at = this.now();
    const clean = this.cleanNew(input);
    const status = input.status ?? 'open';
    const ticket: Omit<Ticket, 'version'> = {
      ...clean,
      id: randomUUID(),
      number,
      status,
      summary: buildSummary(clean, this.stepTitle),
      notes: [],
      history: [historyEntry(this.actor(by), at, 'created', { to: status })],
      createdAt: at,
      updatedAt: at,
    };
    const sla = this.sla?.({ ...ticket, version: 0 });
    return this.tickets.insert(sla ? { ...ticket, sla: this.withDue(status, sla) } : ticket);
  }

  /**
   * A hand-over continues on an existing ticket of its conversation (the one recording the bot's
   * fix the user took back) instead of opening a second one: the ticket takes the hand-over's case
   * details, queue (category, skills, team), priority, origin and summary, keeps its number and
   * history, and says so in it. A ticket still resolved by the bot is reopened first; one waiting
   * (pending, on hold) is worked again. Throws `invalid-transition` for a ticket that cannot be
   * continued (closed, merged, resolved by a technician) and `invalid-input` for one of another
   * conversation: the caller opens a new ticket then.
   */
  handOver(id: string, input: NewTicket, by: TicketActor = BOT): Promise<Ticket> {
    const clean = this.cleanNew(input);
    return this.change(id, by, (ticket) => {
      if (ticket.conversationId !== clean.conversationId)
        throw new TicketError('invalid-input', `${ticket.number} is another conversation's ticket.`);
      const byBot = ticket.status === 'resolved' && ticket.resolution?.byBot !== undefined;
      if (ticket.mergedInto || (!isActive(ticket.status) && !byBot))
        throw new TicketError('invalid-transition', `A ${ticket.status} ticket is not handed over again.`);
      const why = 'handed to a technician';
      const entries: Entry[] = [];
      const patch: Partial<Ticket> = {
        problem: clean.problem || ticket.problem,
        facts: { ...ticket.facts, ...clean.facts },
        stepsTried: clean.stepsTried,
        answers: clean.answers,
        articlesSuggested: clean.articlesSuggested,
        skills: clean.skills,
        origin: clean.origin,
        channelId: clean.channelId,
        user: { ...ticket.user, ...clean.user },
        language: clean.language,
        ...(clean.upstream && { upstream: clean.upstream }),
        ...(clean.type && { type: clean.type }),
        ...(clean.requestFields && { requestFields: clean.requestFields }),
      };
      if (byBot) {
        patch.status = 'open';
        entries.push(['status', { from: 'resolved', to: 'open', why: BOT_FIX_TAKEN_BACK }]);
      } else if (ticket.status === 'pending' || ticket.status === 'on-hold') {
        patch.status = 'open';
        entries.push(['status', { from: ticket.status, to: 'open', why }]);
      }
      if (clean.category !== ticket.category) {
        patch.category = clean.category;
        entries.push(['category', { from: ticket.category, to: clean.category, why }]);
      }
      if (clean.priority !== ticket.priority) {
        patch.priority = clean.priority;
        entries.push(['priority', { from: ticket.priority, to: clean.priority, why }]);
      }
      if (clean.team !== undefined && clean.team !== ticket.team) {
        patch.team = clean.team;
        entries.push(['team', { from: ticket.team, to: clean.team, why }]);
      }
      entries.push(['handed-over', { why: clean.origin }]);
      patch.summary = buildSummary({ ...ticket, ...patch } as NewTicket, this.stepTitle);
      return { patch, entries };
    });
  }

  /** Moves the ticket along its lifecycle (see ticket-lifecycle.ts); the same status is no change. */
  transition(id: string, to: TicketStatus, by: TicketActor, why?: string): Promise<Ticket> {
    return this.change(id, by, (ticket) => {
      if (ticket.status === to) return undefined;
      if (!canTransition(ticket.status, to))
        throw new TicketError('invalid-transition', `A ${ticket.status} ticket cannot become ${to}.`);
      return { patch: { status: to }, entries: [['status', { from: ticket.status, to, why }]] };
    });
  }

  /** Kept for callers without an actor (the system moved it). */
  setStatus(id: string, status: TicketStatus): Promise<Ticket> {
    return this.transition(id, status, { kind: 'system', name: 'FirstLine' });
  }

  /** Who works the ticket (undefined: nobody); a `new` ticket someone takes becomes `open`. */
  assign(id: string, assignee: TicketAssignee | undefined, by: TicketActor, why?: string): Promise<Ticket> {
    const next = assignee && { id: assignee.id, name: this.label(assignee.name) };
    return this.change(id, by, (ticket) => {
      if (ticket.assignee?.id === next?.id) return undefined;
      const patch: Partial<Ticket> = { assignee: next };
      const entries: Entry[] = [['assignee', { from: ticket.assignee?.name, to: next?.name, why }]];
      if (next && ticket.status === 'new') {
        patch.status = 'open';
        entries.push(['status', { from: 'new', to: 'open' }]);
      }
      return { patch, entries };
    });
  }

  setTeam(id: string, team: string | undefined, by: TicketActor, why?: string): Promise<Ticket> {
    const next = team === undefined ? undefined : this.label(team) || undefined;
    return this.change(id, by, (ticket) =>
      ticket.team === next
        ? undefined
        : { patch: { team: next }, entries: [['team', { from: ticket.team, to: next, why }]] },
    );
  }

  setPriority(id: string, priority: Priority, by: TicketActor, why?: string): Promise<Ticket> {
    if (!PRIORITIES.includes(priority))
      throw new TicketError('invalid-input', `Priority is one of ${PRIORITIES.join(', ')}.`);
    return this.change(id, by, (ticket) =>
      ticket.priority === priority
        ? undefined
        : { patch: { priority }, entries: [['priority', { from: ticket.priority, to: priority, why }]] },
    );
  }

  setCategory(id: string, category: string, by: TicketActor, why?: string): Promise<Ticket> {
    const next = this.label(category);
    if (!next) throw new TicketError('invalid-input', 'A category cannot be empty.');
    return this.change(id, by, (ticket) =>
      ticket.category === next
        ? undefined
        : { patch: { category: next }, entries: [['category', { from: ticket.category, to: next, why }]] },
    );
  }

  /**
   * A public message: a technician's reply to the user (its first one is the SLA's first
   * response) or the user's own comment. Internal notes are `addNote`.
   */
  async reply(
    id: string,
    by: TicketActor,
    text: string,
    delivery?: TicketReply['delivery'],
  ): Promise<TicketReply> {
    const reply: TicketReply = {
      id: randomUUID(),
      by: this.actor(by),
      text: this.text(text, MAX_REPLY_CHARS),
      at: this.now(),
      ...(delivery && { delivery }),
    };
    if (!reply.text) throw new TicketError('invalid-input', 'A reply needs some text.');
    await this.change(id, by, (ticket) => {
      const replies = ticket.replies ?? [];
      if (replies.length >= MAX_REPLIES)
        throw new TicketError('full', `Ticket ${ticket.number} holds ${MAX_REPLIES} replies already.`);
      const patch: Partial<Ticket> = { replies: [...replies, reply] };
      if (by.kind === 'technician' && ticket.sla && !ticket.sla.firstRespondedAt)
        patch.sla = this.withDue(ticket.status, { ...ticket.sla, firstRespondedAt: reply.at });
      return { patch, entries: [['reply', { to: reply.id }]] };
    });
    return reply;
  }

  /** How a technician's reply reached the user, once the channel said. */
  async setReplyDelivery(id: string, replyId: string, delivery: NonNullable<TicketReply['delivery']>) {
    const ticket = await this.change(id, BOT, (current) => {
      const replies = current.replies ?? [];
      if (!replies.some((r) => r.id === replyId))
        throw new TicketError('not-found', `No reply ${replyId} on ticket ${current.number}.`);
      return {
        patch: { replies: replies.map((r) => (r.id === replyId ? { ...r, delivery } : r)) },
        entries: [],
      };
    });
    return ticket.replies?.find((r) => r.id === replyId);
  }

  /** An internal note (technicians only); the author as a name (older callers) or as an actor. */
  async addNote(id: string, by: TicketActor | string, text: string): Promise<TicketNote> {
    const actor = typeof by === 'string' ? ({ kind: 'technician', name: by } as const) : by;
    const note: TicketNote = {
      id: randomUUID(),
      author: this.label(actor.name),
      text: this.text(text, MAX_NOTE_CHARS),
      at: this.now(),
    };
    await this.change(id, actor, (ticket) => {
      if (ticket.notes.length >= MAX_NOTES)
        throw new TicketError('full', `Ticket ${ticket.number} holds ${MAX_NOTES} notes already.`);
      return { patch: { notes: [...ticket.notes, note] }, entries: [['note', { to: note.id }]] };
    });
    return note;
  }

  /** Closes the duplicate as merged into the other ticket; both histories say so. */
  async merge(duplicateId: string, intoId: string, by: TicketActor): Promise<Ticket> {
    if (duplicateId === intoId)
      throw new TicketError('invalid-input', 'A ticket cannot be merged into itself.');
    const into = await this.get(intoId);
    if (!into) throw new TicketError('not-found', `No ticket ${intoId}.`);
    if (into.mergedInto) throw new TicketError('invalid-input', `${into.number} was itself merged.`);
    let duplicateNumber = '';
    const merged = await this.change(duplicateId, by, (ticket) => {
      if (ticket.mergedInto) throw new TicketError('invalid-input', `${ticket.number} is already merged.`);
      duplicateNumber = ticket.number;
      const entries: Entry[] = [['merged', { to: into.number }]];
      if (ticket.status !== 'closed') entries.push(['status', { from: ticket.status, to: 'closed' }]);
      const patch: Partial<Ticket> = { mergedInto: into.id, status: 'closed' };
      if (ticket.sla) patch.sla = this.withDue('closed', ticket.sla);
      return { patch, entries };
    });
    await this.change(intoId, by, () => ({ patch: {}, entries: [['merged', { from: duplicateNumber }]] }));
    return merged;
  }

  /** Makes `parentId` the ticket's parent (undefined: none); a ticket cannot be its own ancestor. */
  async link(id: string, parentId: string | undefined, by: TicketActor): Promise<Ticket> {
    let parentNumber: string | undefined;
    if (parentId !== undefined) {
      let ancestor = await this.get(parentId);
      if (!ancestor) throw new TicketError('not-found', `No ticket ${parentId}.`);
      parentNumber = ancestor.number;
      for (let depth = 0; ancestor && depth < 50; depth++) {
        if (ancestor.id === id) throw new TicketError('invalid-input', 'A ticket cannot be its own parent.');
        ancestor = ancestor.parentId ? await this.get(ancestor.parentId) : undefined;
      }
    }
    return this.change(id, by, (ticket) =>
      ticket.parentId === parentId
        ? undefined
        : { patch: { parentId }, entries: [['linked', { to: parentNumber }]] },
    );
  }

  /** SLA times as the SLA schedule decides them; with `by`, recorded in the history. */
  updateSla(id: string, patch: Partial<TicketSla>, by?: TicketActor): Promise<Ticket> {
    return this.change(id, by ?? BOT, (ticket) => {
      const sla = this.withDue(ticket.status, { ...ticket.sla, ...patch });
      const entries: Entry[] = by ? [['sla', { to: Object.keys(patch).sort().join(', ') }]] : [];
      return { patch: { sla }, entries };
    });
  }

  /**
   * Like `updateSla`, but only while `when` holds for the stored ticket, checked again on every
   * retry of the conditional write: a reminder or breach mark is written once, whichever of
   * several instances gets there first. Recorded in the history as `entry`; undefined when
   * `when` did not hold.
   */
  async updateSlaIf(
    id: string,
    when: (ticket: Ticket) => boolean,
    patch: Partial<TicketSla>,
    by: TicketActor,
    entry: { to: string; why?: string },
  ): Promise<Ticket | undefined> {
    let applied = false;
    const ticket = await this.change(id, by, (current) => {
      applied = when(current);
      if (!applied) return undefined;
      const sla = this.withDue(current.status, { ...current.sla, ...patch });
      return { patch: { sla }, entries: [['sla', entry]] };
    });
    return applied ? ticket : undefined;
  }

  /**
   * The follow-up after a resolution (src/followup): its mark on the ticket and the status and
   * priority it moves, written only while `when` holds for the stored ticket (checked again on
   * every retry), so that of several instances exactly one asks, closes or reopens. Undefined
   * when `when` did not hold.
   */
  async updateFollowUpIf(
    id: string,
    by: TicketActor,
    when: (ticket: Ticket) => boolean,
    next: (ticket: Ticket) => {
      followUp: TicketFollowUp;
      status?: TicketStatus;
      priority?: Priority;
      /** Back in the queue: nobody works it until someone takes it. */
      unassign?: boolean;
      entries: readonly Entry[];
    },
  ): Promise<Ticket | undefined> {
    let applied = false;
    const ticket = await this.change(id, by, (current) => {
      applied = when(current);
      if (!applied) return undefined;
      const { followUp, status, priority, unassign, entries } = next(current);
      const patch: Partial<Ticket> = { followUp };
      if (unassign && current.assignee) patch.assignee = undefined;
      if (status && status !== current.status) {
        if (!canTransition(current.status, status))
          throw new TicketError('invalid-transition', `A ${current.status} ticket cannot become ${status}.`);
        patch.status = status;
      }
      if (priority && priority !== current.priority) patch.priority = priority;
      return { patch, entries: [...entries] };
    });
    return applied ? ticket : undefined;
  }

  /**
   * Adds what the user wrote while waiting for a technician to the problem (a ticket opened
   * before the user described anything gets its problem this way); the summary follows.
   */
  addToProblem(id: string, text: string): Promise<Ticket> {
    return this.change(id, BOT, (ticket) => {
      const added = this.text(text, MAX_PROBLEM_CHARS);
      if (!added || ticket.problem.length >= MAX_PROBLEM_CHARS) return undefined;
      const problem = (ticket.problem ? `${ticket.problem}\n${added}` : added).slice(0, MAX_PROBLEM_CHARS);
      return {
        patch: { problem, summary: buildSummary({ ...ticket, problem }, this.stepTitle) },
        entries: [],
      };
    });
  }

  /** A new ticket's texts redacted and cut to their limits, as every text the store keeps. */
  private cleanNew(input: NewTicket): NewTicket {
    return {
      ...input,
      problem: this.text(input.problem, MAX_PROBLEM_CHARS),
      origin: this.text(input.origin, MAX_LABEL_CHARS),
      // What the user said at a step ("nie włącza się"), shown to technicians as it was written.
      stepsTried: input.stepsTried.map((s) =>
        s.said ? { ...s, said: this.text(s.said, MAX_LABEL_CHARS) } : s,
      ),
      facts: Object.fromEntries(
        Object.entries(input.facts).map(([key, value]) => [key, this.text(value, MAX_LABEL_CHARS)]),
      ),
      ...(input.answers && {
        answers: input.answers.map((a) => ({ ...a, answer: this.text(a.answer, MAX_LABEL_CHARS) })),
      }),
      ...(input.requestFields && {
        requestFields: input.requestFields.map((f) => ({ ...f, value: this.text(f.value, MAX_NOTE_CHARS) })),
      }),
    };
  }

  /** `why` goes on the history line (e.g. the incident it was resolved with). */
  resolve(
    id: string,
    resolution: Omit<TicketResolution, 'at'>,
    by?: TicketActor,
    why?: string,
  ): Promise<Ticket> {
    const actor = by ?? { kind: 'technician', name: resolution.by };
    return this.change(id, actor, (ticket) => {
      if (!canTransition(ticket.status, 'resolved'))
        throw new TicketError('invalid-transition', `A ${ticket.status} ticket cannot be resolved.`);
      const patch: Partial<Ticket> = {
        status: 'resolved',
        resolution: {
          note: this.text(resolution.note, MAX_NOTE_CHARS),
          category: this.label(resolution.category),
          by: this.label(resolution.by),
          at: this.now(),
          ...(resolution.byBot && { byBot: resolution.byBot }),
        },
      };
      if (ticket.sla) patch.sla = this.withDue('resolved', ticket.sla);
      return { patch, entries: [['status', { from: ticket.status, to: 'resolved', why }]] };
    });
  }

  /** The user's rating after resolution; a later call may add the comment. */
  async rate(id: string, score: number, comment?: string): Promise<Ticket> {
    if (!Number.isInteger(score) || score < 1 || score > 5)
      throw new TicketError('invalid-rating', 'A rating is a whole number from 1 to 5.');
    return this.change(id, { kind: 'user', name: 'user' }, (ticket) => {
      if (ticket.status !== 'resolved' && ticket.status !== 'closed')
        throw new TicketError('invalid-rating', 'Only a resolved ticket can be rated.');
      const text = comment && this.text(comment, MAX_COMMENT_CHARS);
      const rating: TicketRating = {
        score: score as TicketRating['score'],
        at: this.now(),
        ...(text ? { comment: text } : {}),
      };
      return { patch: { rating }, entries: [['rating', { to: String(score) }]] };
    });
  }

  /**
   * The e-mail address the user gave to be followed up at (validated by the caller). Not redacted
   * like free text: it is the one place the address is meant to be, and it is never logged.
   */
  setUserEmail(id: string, email: string): Promise<Ticket> {
    return this.change(id, { kind: 'user', name: 'user' }, (ticket) =>
      ticket.user.email === email ? undefined : { patch: { user: { ...ticket.user, email } }, entries: [] },
    );
  }

  /** Live translation was used on the ticket, between these languages (the latest pair stands). */
  setTranslation(id: string, pair: TicketTranslation): Promise<Ticket> {
    return this.change(id, BOT, (ticket) =>
      ticket.translation?.user === pair.user && ticket.translation.technician === pair.technician
        ? undefined
        : { patch: { translation: { user: pair.user, technician: pair.technician } }, entries: [] },
    );
  }

  comment(id: string, comment: string): Promise<Ticket> {
    return this.change(id, { kind: 'user', name: 'user' }, (ticket) => {
      if (!ticket.rating) throw new TicketError('invalid-rating', 'Rate the ticket before commenting.');
      return {
        patch: { rating: { ...ticket.rating, comment: this.text(comment, MAX_COMMENT_CHARS) } },
        entries: [],
      };
    });
  }
}
