export * from './turn-context';
export { HANDOFF_REASONS, type HandoffReason, type PersonHandoff } from './person-handoff';
export { TurnConversationState, TurnUserState } from './state-change';
