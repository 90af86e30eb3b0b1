import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { RATING_SKIP, type PendingFeedback, type UserQueue } from '../../handoff';
import { recogniseChoice } from '../choices';
import { recogniseInterruption } from '../interruptions';
import { recogniseTicketCommand } from '../tickets';
import type { HandoffReplies } from './handoff-replies';

export const COMMENT_DIALOG = 'handoff-comment';

/**
 * The comment asked after a rating: words are stored on the ticket, "skip" ends it; an empty
 * message, an interruption (help, start over, a person) or a request about tickets ("status of
 * HD-1001") is left to the bot (result false).
 */
export class CommentDialog extends Dialog<PendingFeedback> {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'feedback'>;
      replies: HandoffReplies;
    },
  ) {
    super(COMMENT_DIALOG);
  }

  override async beginDialog(dc: DialogContext, pending?: PendingFeedback): Promise<DialogTurnResult> {
    const { context } = dc;
    const conversationId = context.activity.conversation?.id;
    if (!pending || !conversationId) return dc.endDialog(false);
    const { queue, replies } = this.deps;
    await queue.feedback.clear(conversationId);
    const text = (context.activity.text ?? '').trim();
    const { words } = this.deps.replies;
    // "status of HD-1001" or "it's broken again" asks something of the bot; it is no comment.
    if (!text || recogniseInterruption(context.activity, words) || recogniseTicketCommand(text, words))
      return dc.endDialog(false);
    const skip = { value: RATING_SKIP, label: replies.t(context, 'rating.skip'), meaning: 'no' as const };
    if (recogniseChoice(context.activity, [skip], undefined, this.deps.replies.words)) {
      await replies.say(context, 'rating.skipped');
      return dc.endDialog(true);
    }
    await queue.feedback.comment(conversationId, pending.ticketId, text);
    await replies.say(context, 'rating.commentSaved');
    return dc.endDialog(true);
  }
}
