import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { PendingFeedback, UserQueue } from '../../handoff';
import { findEmailAddress } from '../../identity';
import { recogniseChoice } from '../choices';
import { recogniseInterruption } from '../interruptions';
import type { HandoffReplies } from './handoff-replies';

export const EMAIL_DIALOG = 'handoff-email';
const NO_EMAIL = 'no-email';
const YES_EMAIL = 'yes-email';

/**
 * The answer to "would you like an e-mail about this ticket?": a valid address is kept on the
 * ticket's user (never logged), "no" ends the question, a bare "yes" or something shaped almost like
 * an address is asked again, anything else (another problem, help, a person) is left to the bot
 * (result false).
 */
export class EmailDialog extends Dialog<PendingFeedback> {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'feedback'>;
      replies: HandoffReplies;
    },
  ) {
    super(EMAIL_DIALOG);
  }

  override async beginDialog(dc: DialogContext, pending?: PendingFeedback): Promise<DialogTurnResult> {
    const { context } = dc;
    const conversationId = context.activity.conversation?.id;
    if (!pending || !conversationId) return dc.endDialog(false);
    const { queue, replies } = this.deps;
    const text = (context.activity.text ?? '').trim();
    const no = { value: NO_EMAIL, label: replies.t(context, 'followUp.noEmail'), meaning: 'no' as const };
    if (text && recogniseChoice(context.activity, [no], undefined, replies.words)) {
      await queue.feedback.clear(conversationId);
      await replies.say(context, 'followUp.emailSkipped');
      return dc.endDialog(true);
    }
    const email = findEmailAddress(text);
    if (email) {
      const ticket = await queue.feedback.giveEmail(conversationId, pending.ticketId, email);
      await replies.say(context, 'followUp.emailSaved', { email, ticket: ticket.number });
      return dc.endDialog(true);
    }
    // "Yes" without the address: the user means to give one, so the question stays open.
    const yes = { value: YES_EMAIL, label: replies.t(context, 'choice.yes'), meaning: 'yes' as const };
    if (text && recogniseChoice(context.activity, [yes], undefined, replies.words)) {
      await replies.say(context, 'followUp.emailWhichAddress');
      return dc.endDialog(true);
    }
    if (text.includes('@') && !recogniseInterruption(context.activity, replies.words)) {
      await replies.say(context, 'followUp.emailInvalid');
      return dc.endDialog(true);
    }
    // Not an answer to the question: the user moved on, and so does the bot.
    await queue.feedback.clear(conversationId);
    return dc.endDialog(false);
  }
}
