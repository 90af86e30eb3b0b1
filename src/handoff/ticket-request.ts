import type { Activity } from 'botbuilder';
import { ticketDetailsFromCase, type NewTicket, type TicketStatus, type TicketUser } from '../tickets';
import { verifiedUserOf } from '../identity';
import type { HandoffReason, HandoffRequest } from './handoff-types';
import { queueSkills, type SupportConfig } from './support-config';

/** What the ticket says about how it came about (English, for technicians and reports). */
const ORIGINS: Record<HandoffReason, string> = {
  'user-asked': 'the user asked for a person',
  'flow-escalated': 'a guided flow escalated to a technician',
  'no-answer-twice': 'the bot found no answer twice in a row',
  frustration: 'the user sounded frustrated and accepted a person',
  'technician-picked': 'a technician took over the conversation',
};

export function originOf(reason: HandoffReason): string {
  return ORIGINS[reason];
}

/**
 * The ticket for a request: the case file's details, the queue's skills added to the flow's. It
 * starts `new` (nobody works it yet) unless `status` says otherwise (a take-over starts `open`),
 * and keeps the conversation reference so a reply reaches the user after the chat is over.
 */
export function newTicketFor(
  req: Omit<HandoffRequest, 'reason'>,
  origin: string,
  support: SupportConfig,
  status: TicketStatus = 'new',
): NewTicket {
  const category = req.category ?? support.defaultCategory;
  const skills = [...(req.skills ?? []), ...queueSkills(support, category)].map((s) => s.toLowerCase());
  return {
    ...ticketDetailsFromCase(req.caseFile),
    conversationId: req.reference.conversation?.id ?? '',
    channelId: req.channelId,
    upstream: withoutActivity(req.reference),
    status,
    user: req.user,
    language: req.language,
    category,
    priority: req.priority ?? 'normal',
    skills: [...new Set(skills)],
    origin,
  };
}

/**
 * The reference without the message it was taken from: a proactive turn would otherwise carry
 * that message's id and be dropped as a retry of it.
 */
export function withoutActivity(reference: HandoffRequest['reference']): HandoffRequest['reference'] {
  const { activityId: _ignored, ...rest } = reference;
  return rest;
}

/**
 * Who the ticket is for: the channel's account (Teams: name and Entra ids; web chat: the
 * server-assigned id), with what a trusted source verified (the Teams roster, the host site's
 * signed token) taking precedence over names the activity carries.
 */
export function userOf(activity: Partial<Activity>): TicketUser {
  const from = activity.from;
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  const tenantId = activity.conversation?.tenantId ?? channelData?.tenant?.id;
  const verified = verifiedUserOf(activity);
  const name = verified?.name ?? from?.name;
  const aadObjectId = verified?.aadObjectId ?? from?.aadObjectId;
  const externalId = verified && !verified.aadObjectId ? verified.subject : undefined;
  return {
    id: from?.id ?? 'unknown',
    ...(name ? { name } : {}),
    ...(verified?.email ? { email: verified.email } : {}),
    ...(aadObjectId ? { aadObjectId } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(externalId ? { externalId } : {}),
  };
}
