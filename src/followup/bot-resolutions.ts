import { TurnContext } from 'botbuilder';
import { userOf, withoutActivity } from '../handoff';
import type { Logger } from '../logging';
import {
  BOT_FIX_TAKEN_BACK,
  ticketDetailsFromCase,
  type CaseFile,
  type FlowCaseFields,
  type TicketActor,
  type TicketResolution,
  type TicketStore,
} from '../tickets';

const BOT: TicketActor = { kind: 'bot', name: 'FirstLine' };
/** The category of a problem the bot solved without knowing its topic. */
const NO_TOPIC = 'general';

/** The case file as kept in conversation state, with the ticket that records its resolution. */
type TrackedCaseFile = CaseFile & FlowCaseFields;

/**
 * The article or flow that fixed the problem: the flow's resolved node when a flow ended it, else
 * the article whose step the user said worked (the latest one).
 */
export function resolvedBy(file: CaseFile & FlowCaseFields): TicketResolution['byBot'] | undefined {
  if (file.resolution) return { source: 'flow', ref: file.resolution.flowId };
  const worked = [...file.steps].reverse().find((step) => step.result === 'worked');
  if (worked) return { source: 'article', ref: worked.articleId };
  const helped = [...file.suggestions].reverse().find((s) => s.helped === true);
  return helped ? { source: 'article', ref: helped.articleId } : undefined;
}

/**
 * Problems the bot resolved itself (the user said a step or an article worked) are recorded as
 * tickets resolved by the bot, with the article or flow that did it, so that they are followed
 * up ("Did the fix hold?") and rated like the ones technicians resolve. Written once per case:
 * the ticket's id is kept on the case file, saved with conversation state.
 */
export class BotResolutions {
  constructor(
    private readonly deps: {
      tickets: Pick<TicketStore, 'create' | 'resolve' | 'transition'>;
      logger: Logger;
    },
  ) {}

  /** After a turn the bot answered, with the conversation's case file as it now stands. */
  async noteTurn(context: TurnContext, caseFile: CaseFile | undefined): Promise<void> {
    const file = caseFile as TrackedCaseFile | undefined;
    if (file?.botResolution && file.outcome === 'unresolved') return this.reopen(context, file.botResolution);
    if (!file || file.outcome !== 'resolved' || file.botResolution) return;
    const byBot = resolvedBy(file);
    const conversationId = context.activity.conversation?.id;
    if (!byBot || !conversationId) return;
    try {
      const details = ticketDetailsFromCase(file);
      const created = await this.deps.tickets.create(
        {
          ...details,
          conversationId,
          channelId: context.activity.channelId ?? 'unknown',
          upstream: withoutActivity(TurnContext.getConversationReference(context.activity)),
          user: userOf(context.activity),
          language: file.language,
          category: file.topic ?? NO_TOPIC,
          priority: 'normal',
          skills: [],
          origin: 'bot-resolved',
          status: 'new',
        },
        BOT,
      );
      file.botResolution = { ticketId: created.id };
      await this.deps.tickets.resolve(
        created.id,
        {
          note:
            byBot.source === 'flow'
              ? (file.resolution?.text ?? `Resolved by the bot with flow ${byBot.ref}`)
              : `Resolved by the bot with article ${byBot.ref}`,
          category: file.topic ?? NO_TOPIC,
          by: BOT.name,
          byBot,
        },
        BOT,
      );
    } catch (err) {
      // The follow-up misses one case; the user's answer must not be lost over it.
      this.deps.logger.warn({ err, conversationId }, 'a resolution by the bot could not be recorded');
    }
  }

  /**
   * "No, it didn't help" after the fix: the resolution did not hold. Its ticket goes back to open
   * (once), so that it is not followed up or counted as fixed, and the desk sees it in the worklist.
   * A hand-over of the case then continues on this ticket (HandoffRecords.openTicketRecord).
   */
  private async reopen(
    context: TurnContext,
    resolution: NonNullable<TrackedCaseFile['botResolution']>,
  ): Promise<void> {
    if (resolution.reopened) return;
    resolution.reopened = true;
    try {
      await this.deps.tickets.transition(resolution.ticketId, 'open', BOT, BOT_FIX_TAKEN_BACK);
    } catch (err) {
      const conversationId = context.activity.conversation?.id;
      this.deps.logger.warn({ err, conversationId }, 'a resolution by the bot could not be reopened');
    }
  }
}
