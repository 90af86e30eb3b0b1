export * from './ticket-types';
export { buildSummary } from './ticket-summary';
export { ticketDetailsFromCase } from './from-case-file';
export { TicketStore, TicketError } from './ticket-store';
export { createStepTitles, titleOf, withStepTitles, type StepTitle, type StepTexts } from './step-titles';
export type * from './case-file';
