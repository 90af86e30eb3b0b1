import type { Middleware, TurnContext } from 'botbuilder';
import type { IdempotencyStore } from '../../storage/ports';
import type { Logger } from '../../logging';
import { isRerun } from '../../turn';

const REMEMBER_MS = 24 * 60 * 60 * 1000;

/**
 * Channels retry an activity they think was lost; the same id must not run the bot twice.
 * The key lives in storage, so a retry that reaches another instance is caught too.
 */
export function deduplicateActivities(store: IdempotencyStore, logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const { id, channelId, conversation } = context.activity;
      if (!id || !conversation?.id || isRerun(context)) return next();
      const first = await store.claim(`activity:${channelId}:${conversation.id}:${id}`, REMEMBER_MS);
      if (!first) {
        logger.info({ activityId: id, conversationId: conversation.id }, 'duplicate activity ignored');
        return;
      }
      await next();
    },
  };
}
