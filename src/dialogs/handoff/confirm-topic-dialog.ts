import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { PendingConfirmation, SupportConfig, UserQueue } from '../../handoff';
import { recogniseChoice, renderChoice } from '../choices';
import type { HandoffReplies } from './handoff-replies';
import type { StartRequest } from './handoff-requester';
import { guessTopic, type TopicKnowledge } from './topic-guess';

export const CONFIRM_TOPIC_DIALOG = 'handoff-confirm-topic';

const CONFIRM_YES = 'handoff-topic-yes';
const CONFIRM_NO = 'handoff-topic-no';

/**
 * "Is it about X?" before queuing, when no flow named the category: the answer picks the queue.
 * The question is stored with the conversation's owner record (any instance may receive the
 * answer); `ask` stores and asks, the dialog reads one answer and queues: yes keeps X, anything
 * else is read for another topic (or the default queue).
 */
export class ConfirmTopicDialog extends Dialog<PendingConfirmation> {
  constructor(
    private readonly deps: {
      queue: Pick<UserQueue, 'setConfirmation'>;
      support: Pick<SupportConfig, 'defaultCategory'>;
      knowledge?: TopicKnowledge;
      replies: HandoffReplies;
      enqueue: (context: TurnContext, request: StartRequest) => Promise<void>;
    },
  ) {
    super(CONFIRM_TOPIC_DIALOG);
  }

  async ask(context: TurnContext, conversationId: string, confirm: PendingConfirmation, topic: string) {
    const { replies } = this.deps;
    await this.deps.queue.setConfirmation(conversationId, confirm);
    await context.sendActivity(
      renderChoice(
        { question: replies.t(context, 'handoff.confirmTopic', { topic }), options: this.options(context) },
        {
          channelId: context.activity.channelId,
          locale: replies.language(context),
          textHint: replies.t(context, 'choice.hint'),
        },
      ),
    );
  }

  override async beginDialog(dc: DialogContext, confirm?: PendingConfirmation): Promise<DialogTurnResult> {
    const conversationId = dc.context.activity.conversation?.id;
    if (!confirm || !conversationId) return dc.endDialog(false);
    const { context } = dc;
    await this.deps.queue.setConfirmation(conversationId, undefined);
    const picked = recogniseChoice(
      context.activity,
      this.options(context),
      undefined,
      this.deps.replies.words,
    );
    const text = (context.activity.text ?? '').trim();
    const other =
      picked === undefined && text
        ? guessTopic(this.deps.knowledge, text, confirm.language)?.category
        : undefined;
    const category = picked === CONFIRM_YES ? confirm.category : (other ?? this.deps.support.defaultCategory);
    await this.deps.enqueue(context, { reason: confirm.reason, caseFile: confirm.caseFile, category });
    return dc.endDialog(true);
  }

  private options(context: TurnContext) {
    const { replies } = this.deps;
    return [
      { value: CONFIRM_YES, label: replies.t(context, 'choice.yes'), meaning: 'yes' as const },
      { value: CONFIRM_NO, label: replies.t(context, 'choice.somethingOther'), meaning: 'no' as const },
    ];
  }
}
