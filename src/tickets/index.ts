export * from './ticket-types';
export { buildSummary } from './ticket-summary';
export { ticketDetailsFromCase } from './from-case-file';
export {
  TicketStore,
  TicketError,
  MAX_NOTES,
  BOT_FIX_TAKEN_BACK,
  type TicketHistoryChange,
  MAX_REPLIES,
  type TicketErrorCode,
  type TicketStoreOptions,
} from './ticket-store';
export { canTransition, MAX_HISTORY } from './ticket-lifecycle';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, visibleTo as ticketVisibleTo } from './ticket-query';
export { createStepTitles, titleOf, withStepTitles, type StepTitle, type StepTexts } from './step-titles';
export type * from './case-file';
