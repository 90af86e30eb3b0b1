import type { Lang } from '../i18n/languages';
import type { AttachmentRecord, StoredDocument, StoredTranscriptEntry } from '../storage/ports';

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Who the ticket is for. Teams gives a name and Entra ids; web chat only the server-assigned id. */
export interface TicketUser {
  id: string;
  name?: string;
  aadObjectId?: string;
  tenantId?: string;
}

export interface StepTried {
  source: 'article' | 'flow';
  /** Article id or flow id. */
  ref: string;
  /** Article step number or flow node id. */
  step: string;
  result: 'worked' | 'failed' | 'stopped';
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
}

export interface TicketRating {
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
  at: string;
}

export interface Ticket extends StoredDocument {
  /** Human-friendly, e.g. HD-1042. */
  number: string;
  status: TicketStatus;
  conversationId: string;
  channelId: string;
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
  resolution?: TicketResolution;
  rating?: TicketRating;
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
>;

/** A ticket with the conversation it came from (already redacted when it was recorded). */
export interface TicketWithTranscript {
  ticket: Ticket;
  transcript: StoredTranscriptEntry[];
  /** Files the user sent in the ticket's conversation (the bytes: `GET /api/console/attachments/{id}`). */
  files: AttachmentRecord[];
}
