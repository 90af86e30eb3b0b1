export * from './turn-context';
export { HANDOFF_REASONS, type HandoffReason, type PersonHandoff } from './person-handoff';
export { TurnBotState, TurnConversationState, TurnUserState } from './state-change';
