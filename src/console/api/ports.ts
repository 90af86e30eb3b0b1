/**
 * What the console needs from the handoff core (`src/handoff`, `src/tickets`, `src/technicians`):
 * narrow picks of their services, so tests and the composition root can pass anything that keeps
 * the same contract.
 */
import type { BotChatTakeover } from '../../handoff/bot-chat-takeover';
import type { DeskAccess } from '../../handoff/desk-access';
import type { TechnicianDesk } from '../../handoff/technician-desk';
import type { Technician, TechnicianDirectory } from '../../technicians';

export { ROLES, AVAILABILITIES, STATUSES, hasRole, isActive, tokenVersionOf } from '../../technicians';
export type { Role, Availability, Technician, TechnicianStatus } from '../../technicians';
export type { Handoff, QueueEntry, ClaimResult } from '../../handoff/handoff-types';
export type { HandoffAccess } from '../../handoff/desk-access';

/** Who may see and do what: the desk's one access rule over the stored hand-overs. */
export type ConsoleDeskAccess = Pick<
  DeskAccess,
  'handoff' | 'mayReadTicket' | 'mayViewConversation' | 'eventFilter'
>;

export type ConsoleHandoffService = Pick<
  TechnicianDesk,
  | 'listQueue'
  | 'listAssigned'
  | 'claim'
  | 'pickUp'
  | 'sendToUser'
  | 'typing'
  | 'addNote'
  | 'transfer'
  | 'handBack'
  | 'resolve'
  | 'getTicket'
  | 'access'
  | 'tickets'
>;

/** Chats the bot is having: list, look at, take over. */
export type ConsoleBotChats = Pick<BotChatTakeover, 'list' | 'view' | 'takeOver'>;

/** The technician records (API tokens are only ever stored hashed). */
export type ConsoleTechnicianDirectory = Pick<
  TechnicianDirectory,
  | 'authenticate'
  | 'findByAad'
  | 'get'
  | 'list'
  | 'create'
  | 'update'
  | 'rotateToken'
  | 'setAvailability'
  | 'setNotifications'
  | 'setEmail'
  | 'endSessions'
  | 'setStatus'
>;

/** A technician as the API shows it: never the token hash. */
export function publicTechnician(technician: Technician): Omit<Technician, 'tokenHash'> {
  const { tokenHash: _hidden, ...visible } = technician;
  return visible;
}
