import type { Lang } from '../i18n/languages';
import type { StoredDocument } from '../storage/ports';

export const ROLES = ['technician', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface Technician extends StoredDocument {
  name: string;
  role: Role;
  /** SHA-256 (hex) of the API token; the token itself is never stored. */
  tokenHash: string;
  skills: string[];
  languages: Lang[];
  availability: Availability;
  /** Entra ID identity, so a technician signed in to Teams is recognised. */
  aad?: { tenantId: string; objectId: string };
  createdAt: string;
}

/** technician < lead < admin. */
export function hasRole(technician: Pick<Technician, 'role'>, atLeast: Role): boolean {
  return ROLES.indexOf(technician.role) >= ROLES.indexOf(atLeast);
}
