import type { Middleware, TurnContext } from 'botbuilder';
import type { RedactionFinding } from './types';
import type { RedactionPipeline, Speaker } from './pipeline';

export interface RedactionMiddlewareOptions {
  /** Called once per turn in which something was removed, before the rest of the turn runs. */
  onFindings?: (context: TurnContext, findings: RedactionFinding[]) => void | Promise<void>;
  /** Also redact what the bot sends (answers, echoes, technician relays); on by default. */
  redactOutgoing?: boolean;
  /**
   * Whose split-message state this activity belongs to; undefined skips that rule (a channel
   * that already ran the pipeline at its boundary, or an activity nobody typed).
   */
  speakerOf?: (context: TurnContext) => Speaker | undefined;
  /**
   * True for an incoming activity that already went through this pipeline at its channel's
   * boundary, before it was stored (Direct Line): it is not searched again. What the turn sends is.
   */
  redactedBefore?: (context: TurnContext) => boolean;
}

/**
 * Redacts every text field of the incoming activity in place, and of everything the turn sends.
 * Register it before every other middleware (transcripts, logging, handoff), or they see the
 * original text; its send hook then runs before theirs too.
 */
export function redactionMiddleware(
  pipeline: RedactionPipeline,
  options: RedactionMiddlewareOptions = {},
): Middleware {
  const speakerOf = options.speakerOf ?? userSpeaker;
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const activity = context.activity;
      const { activity: clean, findings } = options.redactedBefore?.(context)
        ? { activity, findings: [] }
        : await pipeline.incoming(activity, speakerOf(context));
      if (clean !== activity) {
        for (const key of Object.keys(activity) as (keyof typeof activity)[]) {
          (activity as unknown as Record<string, unknown>)[key] = clean[key];
        }
      }
      if (options.redactOutgoing !== false) {
        context.onSendActivities(async (_ctx, activities, sendNext) => {
          for (const [i, outgoing] of activities.entries())
            activities[i] = pipeline.outgoing(outgoing).activity;
          return sendNext();
        });
        context.onUpdateActivity(async (_ctx, updated, updateNext) => {
          Object.assign(updated, pipeline.outgoing(updated).activity);
          return updateNext();
        });
      }
      if (findings.length > 0 && options.onFindings) await options.onFindings(context, findings);
      await next();
    },
  };
}

/** The person writing in: a user's message in their conversation. */
export function userSpeaker(context: TurnContext): Speaker | undefined {
  const conversationId = context.activity.conversation?.id;
  return conversationId ? { conversationId, role: 'user' } : undefined;
}
