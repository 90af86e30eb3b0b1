import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Handoff, UserQueue } from '../../handoff';
import type { Catalogue } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import { recogniseChoice, renderChoice } from '../choices';
import { recogniseInterruption } from '../interruptions';
import type { HandoffRelay } from './handoff-relay';
import type { HandoffReplies } from './handoff-replies';

export const WAITING_DIALOG = 'handoff-waiting';

export const WAIT_CHOICES = {
  wait: 'handoff-wait',
  leaveMessage: 'handoff-leave-message',
  continueWithBot: 'handoff-continue-with-bot',
} as const;

export function waitingOptions(catalogue: Catalogue, language: Lang) {
  return [
    { value: WAIT_CHOICES.wait, label: catalogue.t(language, 'choice.keepWaiting') },
    { value: WAIT_CHOICES.leaveMessage, label: catalogue.t(language, 'choice.leaveMessage') },
    { value: WAIT_CHOICES.continueWithBot, label: catalogue.t(language, 'choice.chatWithBot') },
  ];
}

/** Asked once the user is queued: keep waiting, leave a message, or carry on with the bot. */
export function waitingQuestion(catalogue: Catalogue, language: Lang, channelId: string | undefined) {
  return renderChoice(
    {
      question: catalogue.t(language, 'handoff.waitingOptions'),
      options: waitingOptions(catalogue, language),
    },
    { channelId, locale: language, textHint: catalogue.t(language, 'choice.hint') },
  );
}

export interface WaitingOptions {
  handoff: Handoff;
  /** The message asks for a person (again). */
  asksForPerson: boolean;
}

/**
 * A message from a user who waits in the queue: an answer to the waiting question, "start over"
 * (leaves the queue; the ticket stays open), or more about the problem for the technician. The
 * waiting mode lives on the stored hand-over, not on the dialog stack, because technicians on any
 * instance change it too; so the dialog handles one message and ends (result: handled).
 */
export class WaitingDialog extends Dialog<WaitingOptions> {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'setWaitingMode' | 'cancelByUser' | 'standing'>;
      replies: HandoffReplies;
      relay: HandoffRelay;
    },
  ) {
    super(WAITING_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: WaitingOptions): Promise<DialogTurnResult> {
    if (!options) return dc.endDialog(false);
    const { context } = dc;
    const { queue, replies, relay } = this.deps;
    const { handoff, asksForPerson } = options;
    const vars = { ticket: handoff.ticketNumber };
    const picked = recogniseChoice(
      context.activity,
      waitingOptions(replies.catalogue, replies.language(context)),
      undefined,
      replies.words,
    );
    if (picked === WAIT_CHOICES.leaveMessage) {
      await queue.setWaitingMode(handoff.id, 'left-message');
      await replies.say(context, 'handoff.leftMessage', vars);
    } else if (picked === WAIT_CHOICES.continueWithBot) {
      await queue.setWaitingMode(handoff.id, 'continue-with-bot');
      await replies.say(context, 'handoff.continueWithBot');
    } else if (picked === WAIT_CHOICES.wait || asksForPerson) {
      const key = picked ? 'handoff.keepWaiting' : 'handoff.alreadyQueued';
      await replies.standing(context, key, handoff.ticketNumber, await queue.standing(handoff));
    } else if (recogniseInterruption(context.activity, this.deps.replies.words) === 'restart') {
      await queue.cancelByUser(handoff.id);
      await replies.say(context, 'handoff.cancelled', vars);
    } else {
      await relay.relay(context, handoff);
      await relay.addToProblem(context, handoff);
      await replies.say(context, 'handoff.noted');
    }
    return dc.endDialog(true);
  }
}
