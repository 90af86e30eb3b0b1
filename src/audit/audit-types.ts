import type { StoredDocument } from '../storage/ports';

export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'technician.created',
  'technician.role-changed',
  'technician.token-rotated',
  'technician.disabled',
  'technician.enabled',
  'technician.sessions-ended',
  'privacy.export',
  'privacy.delete',
  'handoff.viewed',
  'ticket.viewed',
  'conversation.viewed',
  'mail.retried',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const SUBJECT_KINDS = ['technician', 'handoff', 'ticket', 'conversation', 'user', 'mail'] as const;
export type AuditSubjectKind = (typeof SUBJECT_KINDS)[number];

/** Who acted: a technician (by id, with the name they had then), the command line, ADMIN_TOKEN or nobody known. */
export type AuditActor =
  | { kind: 'technician'; id: string; name?: string }
  | { kind: 'cli' }
  | { kind: 'anonymous' }
  /** An operator's script with ADMIN_TOKEN (privacy requests). */
  | { kind: 'admin-token' };

/** Small scalar details (a reason, a role, a count); never secrets or message text. */
export type AuditDetail = Record<string, string | number | boolean>;

export interface AuditEvent {
  action: AuditAction;
  actor: AuditActor;
  subject?: { kind: AuditSubjectKind; id: string };
  /** The client's network address for HTTP requests. */
  clientAddress?: string;
  detail?: AuditDetail;
}

/** One stored entry; flat scalar fields so both backends can filter on them. */
export interface AuditEntry extends StoredDocument {
  at: string;
  /** UTC day of `at` (YYYY-MM-DD): queries over a time window select whole days in storage. */
  day: string;
  action: AuditAction;
  actorKind: AuditActor['kind'];
  actorId?: string;
  actorName?: string;
  subjectKind?: AuditSubjectKind;
  subjectId?: string;
  clientAddress?: string;
  detail?: AuditDetail;
}

export interface AuditQuery {
  action?: AuditAction;
  actorId?: string;
  subjectKind?: AuditSubjectKind;
  subjectId?: string;
  /** Entries at or after this time. */
  since?: Date;
  /** Entries strictly before this time. */
  before?: Date;
  /** The last entry of the previous page: continue after it (entries of the same instant included). */
  after?: { at: string; id: string };
  /** At most this many, newest first. */
  limit: number;
}
