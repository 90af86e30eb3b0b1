export * from './handoff-types';
export { createHandoffCore, type HandoffCore, type HandoffDeps } from './handoff-core';
export { TechnicianDesk, type TransferTarget } from './technician-desk';
export { TicketDesk, type TicketChange } from './ticket-desk';
export type { ReplyDelivery } from './ticket-replies';
export { UserQueue, type ConversationStatus } from './user-queue';
export { userOf, withoutActivity } from './ticket-request';
export type { PendingConfirmation, PendingFeedback } from './conversation-owners';
export { adapterUpstream, channelUpstream, type ProactiveAdapter, type UpstreamSender } from './upstream';
export { queueSkills, supportConfigSchema, type SupportConfig } from './support-config';
export {
  addWorkingMinutes,
  isOpen,
  localTime,
  nextOpening,
  workingMinutesBetween,
  zonedInstant,
} from './working-hours';
export {
  DeskAccess,
  mayAccess,
  mayReceiveEvent,
  maySeeTicket,
  routesTo,
  ticketVisibility,
  type HandoffAccess,
} from './desk-access';
export { compareQueued, rankOf, route, hasSkillFor } from './queue-order';
export { estimateWaitMinutes, recentWaits } from './wait-estimate';
export { WaitUpdates } from './wait-updates';
export { CONSOLE_STREAM, ConsoleEvents, type ConsoleEvent, type ConsoleEventType } from './console-events';
export { TECHNICIAN_CHANNEL_DATA } from './user-notices';
export {
  formatOpening,
  isTimeZone,
  positionText,
  RATING_SKIP,
  RATING_VALUES,
  type HandoffPrompts,
} from './handoff-texts';
export { createAppHandoff, type AppHandoff, type UserHandoff } from './app-handoff';
export { BotChats, LIVE_WINDOW_MS, type BotChat } from './bot-chats';
export { BotChatTakeover, type BotChatSummary } from './bot-chat-takeover';
