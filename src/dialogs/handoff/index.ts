export { BotHandoff, type BotHandoffOptions } from './bot-handoff';
export { handoffPrompts, ratingQuestion } from './rating-dialog';
export { WAIT_CHOICES, waitingQuestion } from './waiting-dialog';
