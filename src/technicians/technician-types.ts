import type { Lang } from '../i18n/languages';
import type { StoredDocument } from '../storage/ports';

export const ROLES = ['technician', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A disabled technician can neither sign in nor use a token, session or open live feed. */
export const STATUSES = ['active', 'disabled'] as const;
export type TechnicianStatus = (typeof STATUSES)[number];

export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/**
 * How the console tells this technician about new hand-overs and users' replies; each switch is
 * their own and follows them to any browser. Absent: the console's defaults (sound and title
 * badge on, desktop notifications off until the technician allows them).
 */
export interface NotificationPreferences {
  desktop: boolean;
  sound: boolean;
  badge: boolean;
}

export interface Technician extends StoredDocument {
  name: string;
  role: Role;
  /** SHA-256 (hex) of the API token; the token itself is never stored. */
  tokenHash: string;
  skills: string[];
  languages: Lang[];
  /**
   * Their work address, lower-cased domain: a lead's weekly digest e-mail to it (DIGEST_RECIPIENTS)
   * is written in their first language.
   */
  email?: string;
  /** Kept until the technician changes it, so it survives signing out and in again. */
  availability: Availability;
  notifications?: NotificationPreferences;
  /** Entra ID identity, so a technician signed in to Teams is recognised. */
  aad?: { tenantId: string; objectId: string };
  createdAt: string;
  /**
   * Grows whenever the API token is rotated or the technician's sessions are ended. Sessions and
   * live feeds carry the version they were opened under and stop when it no longer matches.
   * Absent on records written before it existed: version 0.
   */
  tokenVersion?: number;
  /** Absent on records written before it existed: active. */
  status?: TechnicianStatus;
}

/** technician < lead < admin. */
export function hasRole(technician: Pick<Technician, 'role'>, atLeast: Role): boolean {
  return ROLES.indexOf(technician.role) >= ROLES.indexOf(atLeast);
}

export function isActive(technician: Pick<Technician, 'status'>): boolean {
  return technician.status !== 'disabled';
}

export function tokenVersionOf(technician: Pick<Technician, 'tokenVersion'>): number {
  return technician.tokenVersion ?? 0;
}
