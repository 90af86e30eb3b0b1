import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../i18n/languages';
import type { AttachmentRecord, StoredDocument, StoredTranscriptEntry } from '../storage/ports';

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * new: nobody has looked at it yet; open: someone works it; pending: waiting for the user;
 * on-hold: waiting for a third party; resolved: fixed, the user may still reopen it; closed: final.
 */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on-hold', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket still needs someone's work (the worklist's "open" tickets). */
export const ACTIVE_TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on-hold'];

/** An incident is something broken; a request asks for something (access, software, equipment). */
export const TICKET_TYPES = ['incident', 'request'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/**
 * Who the ticket is for. Teams gives a name, Entra ids and (from the roster) an e-mail address; web
 * chat the server-assigned id, plus name and e-mail when the host site vouched for them or the user
 * gave an address for follow-up.
 */
export interface TicketUser {
  id: string;
  name?: string;
  /** Verified (Teams roster, signed web chat identity) or given by the user to be followed up; never logged. */
  email?: string;
  aadObjectId?: string;
  tenantId?: string;
  /** The host site's own id of a verified web chat user (`sub`). */
  externalId?: string;
}

/** Who did something to a ticket: a technician (by directory id), the user, the bot or the system. */
export interface TicketActor {
  kind: 'technician' | 'user' | 'bot' | 'system';
  /** Technician id or the user's channel id; absent for the bot and the system. */
  id?: string;
  name: string;
}

/** The technician working the ticket. */
export interface TicketAssignee {
  id: string;
  name: string;
}

/** What a history entry records; `from`/`to` carry the old and new value where there is one. */
export const TICKET_CHANGES = [
  'created',
  'status',
  'assignee',
  'team',
  'priority',
  'category',
  'reply',
  'note',
  'merged',
  'linked',
  'rating',
  'sla',
  /** The "did the fix hold?" question after a resolution, and its answer (src/followup). */
  'follow-up',
  /** A hand-over to a technician continued on this ticket (the bot's reopened one); `why`: how it came about. */
  'handed-over',
  /** First entry once older ones were dropped to keep the ticket bounded; `to` says how many. */
  'trimmed',
] as const;
export type TicketChange = (typeof TICKET_CHANGES)[number];

/** One line of the ticket's timeline: who, when, from → to, why. Never edited once written. */
export interface TicketHistoryEntry {
  id: string;
  at: string;
  by: TicketActor;
  change: TicketChange;
  from?: string;
  to?: string;
  why?: string;
}

/**
 * A public message on the ticket: a technician's reply is sent to the user, a user's comment
 * ("add to HD-1001: ...") to the technician. Internal notes are `notes`, never shown to the user.
 */
export interface TicketReply {
  id: string;
  by: TicketActor;
  text: string;
  at: string;
  /**
   * How a technician's reply reached the user: in the live chat, as a Teams proactive message,
   * kept for when a web chat user returns, or by e-mail. Absent on the user's own comments.
   */
  delivery?: 'live' | 'proactive' | 'on-return' | 'email' | 'undelivered';
}

/** Service-level targets of the ticket, counted in working hours from `content/support.yaml`. */
export interface TicketSla {
  firstResponseDueAt?: string;
  resolutionDueAt?: string;
  /** The first technician reply or pick-up. */
  firstRespondedAt?: string;
  /** When the assignee was reminded before a breach, and when leads were told of the breach. */
  remindedAt?: string;
  breachedAt?: string;
  /**
   * The next of the two due times not yet met (none once resolved), kept by the ticket store for
   * the worklist's "breaching SLA" filter and its sort.
   */
  dueAt?: string;
  /** Which target the last reminder and breach were about (each fires once per target). */
  remindedFor?: SlaTarget;
  breachedFor?: SlaTarget;
  /**
   * When the assignee is reminded of the running target (the first response until it is met,
   * then the resolution): a share of the target's time gone, or a time before it is due.
   */
  remindAt?: string;
  /**
   * Set while the resolution clock is stopped (waiting for the user, resolved): since when.
   * `resolutionDueAt` then leaves out this pause; the working time it lasts is added when the
   * ticket is worked again, so the time left stays what it was at `pausedAt`.
   */
  pausedAt?: string;
}

/** The two service-level targets: a technician's first response, then the resolution. */
export const SLA_TARGETS = ['first-response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** A service request's answers, shown to technicians as a form (label and value, in order). */
export interface RequestField {
  label: string;
  value: string;
}

export interface StepTried {
  source: 'article' | 'flow';
  /** Article id or flow id. */
  ref: string;
  /** Article step number or flow node id. */
  step: string;
  result: 'worked' | 'failed' | 'stopped';
  /** What the user wrote when it said more than no ("nie włącza się"). */
  said?: string;
  at: string;
  /** The step's title for technicians; added when the console reads the ticket, never stored. */
  title?: string;
}

/** A guided flow's question and what the user answered, as the technician reads them (English). */
export interface AnswerGiven {
  question: string;
  answer: string;
  /** Taken from what the user had already written; the bot did not ask. */
  prefilled?: boolean;
}

export interface ArticleSuggested {
  articleId: string;
  title: string;
  /** Undefined when the user never said. */
  helped?: boolean;
}

/** Internal: technicians only, never shown to the user. */
export interface TicketNote {
  id: string;
  author: string;
  text: string;
  at: string;
}

export interface TicketResolution {
  note: string;
  category: string;
  by: string;
  at: string;
  /**
   * Set when the bot resolved the problem itself (the user said a step worked): the article or
   * flow that did it. Absent: a technician resolved it.
   */
  byBot?: { source: 'article' | 'flow'; ref: string };
}

/**
 * The follow-up after a resolution ("Did the fix hold?"), one per resolution: `for` is the
 * resolution's time, so a ticket reopened and resolved again is followed up again.
 */
export interface TicketFollowUp {
  for: string;
  /** When the question was claimed and sent (once, whichever instance claimed it). */
  askedAt: string;
  /** How it reached the user, as for technicians' replies. */
  delivery?: TicketReply['delivery'];
  /** The user's answer: the fix held (closed) or not (reopened with a higher priority). */
  answer?: 'held' | 'not-held';
  answeredAt?: string;
  /** Closed for want of an answer within AUTO_CLOSE_AFTER_DAYS. */
  expiredAt?: string;
}

export interface TicketRating {
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
  at: string;
}

/** The user's language and the technician's, when messages were translated between them. */
export interface TicketTranslation {
  user: Lang;
  technician: Lang;
}

export interface Ticket extends StoredDocument {
  /** Human-friendly, e.g. HD-1042. */
  number: string;
  status: TicketStatus;
  /** Absent on tickets stored before requests existed: an incident. */
  type?: TicketType;
  assignee?: TicketAssignee;
  /** The team that owns it (a queue of `support.yaml`); absent: the service desk as a whole. */
  team?: string;
  conversationId: string;
  channelId: string;
  /**
   * How to reach the user's conversation later (a reply after the chat is over: Teams proactive
   * message, web chat kept for their return). Absent on tickets stored before it was kept.
   */
  upstream?: Partial<ConversationReference>;
  user: TicketUser;
  language: Lang;
  category: string;
  priority: Priority;
  skills: string[];
  /** Short English summary for technicians, built from structured data. */
  summary: string;
  problem: string;
  facts: Record<string, string>;
  stepsTried: StepTried[];
  /** Questions the user answered (or had already answered unasked), so nobody asks them again. */
  answers?: AnswerGiven[];
  articlesSuggested: ArticleSuggested[];
  /** Why the bot handed over or opened the ticket, for the summary and reports. */
  origin: string;
  notes: TicketNote[];
  /** Absent on tickets stored before replies existed: none. */
  replies?: TicketReply[];
  /** Absent on tickets stored before history existed: none. Oldest first. */
  history?: TicketHistoryEntry[];
  sla?: TicketSla;
  /** A service request's collected answers. */
  requestFields?: RequestField[];
  /** Set when this ticket was merged as a duplicate into another (its id); it is then closed. */
  mergedInto?: string;
  /** A parent ticket (its id), e.g. one incident many users reported. */
  parentId?: string;
  /**
   * Another ticket of the same conversation's case (its id) when this one could not continue on it,
   * e.g. a hand-over after the bot's ticket was closed: the desk sees the two belong together.
   */
  relatedTo?: string;
  resolution?: TicketResolution;
  rating?: TicketRating;
  followUp?: TicketFollowUp;
  /** Set once live translation was used on the ticket: the language pair it was used in. */
  translation?: TicketTranslation;
  createdAt: string;
  updatedAt: string;
}

export type NewTicket = Pick<
  Ticket,
  | 'conversationId'
  | 'channelId'
  | 'user'
  | 'language'
  | 'category'
  | 'priority'
  | 'skills'
  | 'problem'
  | 'facts'
  | 'stepsTried'
  | 'answers'
  | 'articlesSuggested'
  | 'origin'
> &
  Partial<Pick<Ticket, 'type' | 'team' | 'requestFields' | 'status' | 'upstream' | 'relatedTo'>>;

/**
 * The worklist's question. Every filter is optional; lists mean "any of". `assigneeId: null` asks
 * for unassigned tickets. `q` searches the number, the category, the user's name and e-mail, the
 * problem and the transcript. Results are sorted by `sort` (newest first by default) and come in pages: pass the
 * previous page's `nextCursor` to continue.
 */
export interface TicketQuery {
  status?: readonly TicketStatus[];
  assigneeId?: string | null;
  team?: readonly string[];
  priority?: readonly Priority[];
  language?: readonly Lang[];
  category?: readonly string[];
  channelId?: readonly string[];
  type?: readonly TicketType[];
  /** The user's channel id: a user's own tickets. */
  userId?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  /** Tickets whose next SLA due time is before this instant and not yet met. */
  dueBefore?: string;
  q?: string;
  sort?: 'createdAt' | 'updatedAt' | 'priority' | 'dueAt';
  direction?: 'asc' | 'desc';
  cursor?: string;
  /** At most 100; 25 when absent. */
  limit?: number;
  /**
   * Only tickets this technician may see (the access rule: assigned to them, or routed to their
   * skills); absent for leads and admins, who see everything.
   */
  visibleTo?: { technicianId: string; skills: readonly string[] };
}

export interface TicketPage {
  tickets: Ticket[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** A ticket with the conversation it came from (already redacted when it was recorded). */
export interface TicketWithTranscript {
  ticket: Ticket;
  transcript: StoredTranscriptEntry[];
  /** Files the user sent in the ticket's conversation (the bytes: `GET /api/console/attachments/{id}`). */
  files: AttachmentRecord[];
}
