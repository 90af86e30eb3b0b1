export { FOLLOW_UP_DIALOG, FollowUpDialog, followUpPrompts } from './follow-up-dialog';
