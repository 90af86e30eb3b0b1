import type { Lang } from '../i18n/languages';
import { randomUUID } from 'node:crypto';
import type { Catalogue } from '../i18n';
import type { Logger } from '../logging';
import type { DocumentCollection, StorageBackend } from '../storage/ports';
import type { Technician, TechnicianDirectory } from '../technicians';
import { TicketError, type Ticket, type TicketStatus, type TicketStore } from '../tickets';
import { BotChats, LIVE_WINDOW_MS } from './bot-chats';
import { ConsoleEvents } from './console-events';
import { ConversationOwners } from './conversation-owners';
import type { HandoffPrompts } from './handoff-texts';
import {
  HandoffError,
  LIVE_STATES,
  type EndReason,
  type Handoff,
  type HandoffRequest,
} from './handoff-types';
import { HandoffQueue } from './handoff-queue';
import { rankOf } from './queue-order';
import type { SupportConfig } from './support-config';
import { newTicketFor, withoutActivity } from './ticket-request';
import { SYSTEM_ACTOR, TicketUpkeep } from './ticket-upkeep';
import type { UpstreamSender } from './upstream';
import { UserNotices } from './user-notices';

export interface HandoffDeps {
  storage: Pick<StorageBackend, 'collection' | 'counters' | 'events' | 'signals' | 'transcripts'> &
    /** When given, a user's message is relayed once even if its turn runs again after a crash. */
    Partial<Pick<StorageBackend, 'idempotency'>>;
  tickets: TicketStore;
  technicians: TechnicianDirectory;
  support: SupportConfig;
  /** How notices and technicians' messages reach the user's channel (built from its adapters). */
  upstream: UpstreamSender;
  catalogue: Catalogue;
  /** The questions sent to users outside their turn (the rating after a resolution). */
  prompts: HandoffPrompts;
  logger: Logger;
  clock?: () => Date;
  /**
   * Removes secrets from what a technician types (reply, note, resolution) before it is sent,
   * stored or shown; the conversation keeps the technician's split-message state.
   */
  redactTechnicianText?: (text: string, conversationId: string) => Promise<string>;
  /**
   * Live translation (src/llm, with a language model configured): a technician's reply in the
   * user's language. Undefined when it cannot: the user then gets the reply as written.
   */
  translate?: (request: {
    text: string;
    from: Lang;
    to: Lang;
    conversationId: string;
  }) => Promise<string | undefined>;
  /** E-mail to a user away from the chat (src/mail, with SMTP_URL); undefined: no e-mail. */
  awayMail?: AwayUserMail;
  /** Told of every comment a user leaves with a rating (feedback routing, src/feedback); never throws. */
  onRatingComment?: (ticket: Ticket) => Promise<void>;
}

/**
 * What a user who is away from the chat and has an e-mail address (verified, Teams roster, or
 * given) is e-mailed about. Each resolves true when the e-mail was sent and never rejects.
 */
export interface AwayUserMail {
  reply(ticket: Ticket, technician: { name: string }, text: string): Promise<boolean>;
  statusChanged(ticket: Ticket): Promise<boolean>;
}

/**
 * The stored hand-overs and what both audiences change on them: the desk (technicians) and the
 * queue (users). Every state change is a conditional write on the stored hand-over, so of many
 * technicians (on any instance) claiming at once exactly one wins, and nothing a second instance
 * needs is kept in memory.
 */
export class HandoffRecords {
  readonly handoffs: DocumentCollection<Handoff>;
  readonly owners: ConversationOwners;
  readonly events: ConsoleEvents;
  readonly notices: UserNotices;
  readonly queue: HandoffQueue;
  /** Keeps each hand-over's ticket in a worked state (status, assignee, history). */
  readonly upkeep: TicketUpkeep;
  readonly clock: () => Date;
  private readonly chats: BotChats;

  constructor(readonly deps: HandoffDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.handoffs = deps.storage.collection<Handoff>('handoffs');
    this.owners = new ConversationOwners(deps.storage, this.clock);
    this.events = new ConsoleEvents(deps.storage, this.clock);
    this.notices = new UserNotices(deps.upstream, deps.catalogue, deps.logger, deps.prompts);
    this.queue = new HandoffQueue(this.handoffs, deps.technicians, deps.support, this.clock);
    this.upkeep = new TicketUpkeep(this);
    this.chats = new BotChats(deps.storage, this.clock);
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  /** The live hand-over that owns the conversation, if any. */
  async ownerOf(conversationId: string): Promise<Handoff | undefined> {
    const owner = await this.owners.get(conversationId);
    return this.liveHandoff(owner?.handoffId);
  }

  /**
   * True when the user is not in the chat now: not with a technician, not waiting in the queue,
   * and not written within the live window (a left message leaves the chat, its hand-over
   * stays). What they are told in the chat then, they may not see for a while.
   */
  async userAway(conversationId: string): Promise<boolean> {
    const owner = await this.ownerOf(conversationId);
    if (owner && (owner.state === 'assigned' || owner.userWaitingMode === 'waiting')) return false;
    return !(await this.chattedRecently(conversationId));
  }

  /**
   * A status change the user was not shown in the chat, e-mailed when they are away and have an
   * address (with SMTP_URL): the same rule for a technician's change in the console and for
   * changes the desk makes itself (a resolved incident resolving its tickets). True when sent.
   */
  async mailStatusIfAway(ticket: Ticket): Promise<boolean> {
    const mail = this.deps.awayMail;
    if (!mail || !ticket.user.email || !(await this.userAway(ticket.conversationId))) return false;
    return mail.statusChanged(ticket);
  }

  /** The user wrote in this conversation within the live window. */
  async chattedRecently(conversationId: string): Promise<boolean> {
    const chat = await this.chats.get(conversationId);
    const idleMs = chat ? this.clock().getTime() - Date.parse(chat.lastMessageAt) : Infinity;
    return idleMs <= LIVE_WINDOW_MS;
  }

  async liveHandoff(handoffId: string | undefined): Promise<Handoff | undefined> {
    if (!handoffId) return undefined;
    const handoff = await this.handoffs.get(handoffId);
    return handoff && isLive(handoff) ? handoff : undefined;
  }

  /** Stores a new hand-over of the request's conversation on `ticket` and makes it the owner. */
  async insertHandoff(
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

  /**
   * The ticket of a hand-over (or of a flow's ticket outcome). A case the bot had recorded as
   * solved by itself already has a ticket (the case file's `botResolution`, saved with conversation
   * state, so any instance finds it): when the user took that fix back, the hand-over continues on
   * it, one ticket per case. A second ticket is opened only when that one cannot be continued
   * (closed, merged, resolved by a technician) or the bot's fix stands (a technician took over a
   * chat the bot had solved); it is then related to the first, so the desk sees they belong together.
   */
  async openTicketRecord(
    req: Omit<HandoffRequest, 'reason'>,
    origin: string,
    status: TicketStatus = 'new',
  ): Promise<Ticket> {
    const input = newTicketFor(req, origin, this.deps.support, status);
    const { tickets } = this.deps;
    const earlierId = req.caseFile?.botResolution?.ticketId;
    const earlier = earlierId ? await tickets.get(earlierId) : undefined;
    if (!earlier || earlier.conversationId !== input.conversationId) return tickets.create(input);
    if (req.caseFile?.outcome !== 'resolved') {
      try {
        return await tickets.handOver(earlier.id, input);
      } catch (err) {
        const expected = err instanceof TicketError && err.code === 'invalid-transition';
        if (!expected)
          this.logger.warn(
            { err, ticket: earlier.number },
            'the hand-over could not continue the case ticket',
          );
      }
    }
    const later = await tickets.create({ ...input, relatedTo: earlier.id });
    // The earlier ticket points at the later one too: whoever opens it sees the case went on.
    await tickets
      .addNote(
        earlier.id,
        SYSTEM_ACTOR,
        `The conversation went on in ticket ${later.number}, opened after this one.`,
      )
      .catch((err: unknown) =>
        this.logger.warn(
          { err, ticket: earlier.number },
          'could not note the later ticket on the earlier one',
        ),
      );
    return later;
  }

  async end(
    handoff: Handoff,
    state: 'resolved' | 'returned' | 'abandoned',
    reason: EndReason,
  ): Promise<Handoff> {
    const ended = await this.handoffs.update(
      handoff.id,
      { state: handoff.state, version: handoff.version },
      { state, endedAt: this.clock().toISOString(), endReason: reason },
    );
    if (!ended) throw new HandoffError('conflict', 'The hand-over changed meanwhile; reload it.');
    this.logger.info({ handoffId: handoff.id, endReason: reason }, 'hand-over ended');
    return ended;
  }

  /** A technician has a hand-over they did not claim from the queue: the console and the user learn who. */
  async joined(
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
    this.logger.info({ handoffId: handoff.id, technicianId: technician.id }, logMessage);
    await this.notices.joined(handoff, technician.name);
  }
}

export function isLive(handoff: Handoff): boolean {
  return (LIVE_STATES as readonly string[]).includes(handoff.state);
}
