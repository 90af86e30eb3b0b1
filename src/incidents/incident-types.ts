import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../i18n/languages';
import type { StoredDocument } from '../storage/ports';

export const INCIDENTS_COLLECTION = 'incidents';

/** suspected (the detector or a lead raised it) → confirmed (active) → resolved; or dismissed. */
export const INCIDENT_STATUSES = ['suspected', 'confirmed', 'resolved', 'dismissed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses in which the incident is still open (the detector raises nothing new for it). */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ['suspected', 'confirmed'];

/** Which changes a lead may make: a terminal status stays. */
const NEXT: Record<IncidentStatus, readonly IncidentStatus[]> = {
  suspected: ['confirmed', 'dismissed'],
  confirmed: ['resolved'],
  resolved: [],
  dismissed: [],
};

export function canMove(from: IncidentStatus, to: IncidentStatus): boolean {
  return NEXT[from].includes(to);
}

export const MAX_TITLE_CHARS = 200;
export const MAX_STATUS_MESSAGE_CHARS = 1000;
export const MAX_WORDS = 10;
export const MAX_WORD_CHARS = 40;
export const MAX_TOPIC_CHARS = 100;
/** Conversations linked to one incident; past this, users are still told but no longer linked. */
export const MAX_LINKS = 1000;
export const MAX_TICKETS = 500;

/** A user's conversation linked to the incident: told when it is resolved. */
export interface IncidentLink {
  conversationId: string;
  channelId: string;
  /** For privacy export and erasure. */
  userId: string;
  language: Lang;
  linkedAt: string;
  /** How to reach the conversation again (absent: no way back known). */
  reference?: Partial<ConversationReference>;
  /** When the resolution was delivered, or how it failed. */
  notified?: 'delivered' | 'undelivered';
  /** The user was away from the chat and was e-mailed the resolution. */
  emailed?: boolean;
}

export interface IncidentSpike {
  /** Cases in the recent window and in the baseline before it. */
  recent: number;
  baseline: number;
  windowMinutes: number;
  baselineHours: number;
}

export interface IncidentActor {
  kind: 'technician' | 'system';
  id?: string;
  name: string;
}

export interface Incident extends StoredDocument {
  /** INC-1, INC-2, ... */
  number: string;
  title: string;
  /** The taxonomy topic users' problems match (the matcher's topic), if any. */
  topic?: string;
  /** Words a problem without that topic matches by (all folded, lower case). */
  words: string[];
  status: IncidentStatus;
  /** What users are told, per language (redacted, limited in size). */
  statusMessages: Partial<Record<Lang, string>>;
  source: 'detector' | 'lead';
  spike?: IncidentSpike;
  links: IncidentLink[];
  ticketIds: string[];
  createdBy: IncidentActor;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  /** When it was resolved or dismissed: retention counts from here. */
  closedAt?: string;
  closedBy?: IncidentActor;
}

/** The incident as the console shows it (conversation references stay in storage). */
export type IncidentView = Omit<Incident, 'links'> & {
  links: Omit<IncidentLink, 'reference'>[];
};

export function viewOf(incident: Incident): IncidentView {
  return { ...incident, links: incident.links.map(({ reference: _reference, ...link }) => link) };
}

export class IncidentError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'IncidentError';
  }
}
