import type { Activity } from 'botbuilder';
import { parseEmailAddress } from './email-address';

/** Who the user is, as a source the server trusts said it (a signed host token, the Teams roster). */
export interface VerifiedUser {
  /** The host site's user id (web chat `sub`) or the Entra object id (Teams). */
  subject: string;
  name?: string;
  email?: string;
  /** Teams only: the user's Entra object id. */
  aadObjectId?: string;
}

/**
 * The channelData field a channel puts the verified user in, on the activity the bot's turn gets
 * (never on what is stored or echoed). Clients cannot set it: Direct Line keeps only Web Chat's own
 * channelData fields, and the Teams roster middleware overwrites it.
 */
export const VERIFIED_USER_FIELD = 'firstlineVerifiedUser';

/** The verified user a channel put on this activity, if any. */
export function verifiedUserOf(activity: Partial<Activity> | undefined): VerifiedUser | undefined {
  const raw = (activity?.channelData as Record<string, unknown> | undefined)?.[VERIFIED_USER_FIELD];
  if (!raw || typeof raw !== 'object') return undefined;
  const { subject, name, email, aadObjectId } = raw as Record<string, unknown>;
  if (typeof subject !== 'string' || subject === '') return undefined;
  const address = typeof email === 'string' ? parseEmailAddress(email) : undefined;
  return {
    subject,
    ...(typeof name === 'string' && name.trim() ? { name: name.trim() } : {}),
    ...(address ? { email: address } : {}),
    ...(typeof aadObjectId === 'string' && aadObjectId ? { aadObjectId } : {}),
  };
}

/** `activity` with the verified user set in its channelData (a copy; the input is not changed). */
export function withVerifiedUser<T extends Partial<Activity>>(activity: T, user: VerifiedUser): T {
  const channelData = { ...(activity.channelData as Record<string, unknown> | undefined) };
  channelData[VERIFIED_USER_FIELD] = user;
  return { ...activity, channelData };
}
