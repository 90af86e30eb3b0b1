import type { Middleware, TurnContext } from 'botbuilder';
import type { RedactionFinding, Redactor } from './types';

/** turnState key under which the middleware leaves what it removed from the incoming activity. */
export const REDACTION_FINDINGS_KEY = Symbol.for('firstline.privacy.findings');

export interface RedactionMiddlewareOptions {
  /** Called once per turn in which something was removed, before the rest of the turn runs. */
  onFindings?: (context: TurnContext, findings: RedactionFinding[]) => void | Promise<void>;
  /** Also redact what the bot sends (echoes, technician relays); off by default. */
  redactOutgoing?: boolean;
}

/**
 * Redacts the incoming activity's text, value and attachments in place. Register it before
 * every other middleware (transcripts, logging, handoff), or they see the original text.
 */
export function redactionMiddleware(
  redactor: Redactor,
  options: RedactionMiddlewareOptions = {},
): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const activity = context.activity;
      const { activity: clean, findings } = redactor.redactActivity({
        text: activity.text,
        value: activity.value as unknown,
        attachments: activity.attachments as unknown,
      });
      if (findings.length > 0) {
        if (activity.text !== undefined) activity.text = clean.text as string;
        if (activity.value !== undefined) activity.value = clean.value;
        if (activity.attachments !== undefined)
          activity.attachments = clean.attachments as typeof activity.attachments;
      }
      context.turnState.set(REDACTION_FINDINGS_KEY, findings);
      if (options.redactOutgoing) {
        context.onSendActivities(async (_ctx, activities, sendNext) => {
          for (const [i, outgoing] of activities.entries()) {
            activities[i] = { ...outgoing, ...redactor.redactActivity(outgoing).activity };
          }
          return sendNext();
        });
      }
      if (findings.length > 0 && options.onFindings) await options.onFindings(context, findings);
      await next();
    },
  };
}

/** What the middleware removed from this turn's incoming activity (empty when nothing). */
export function turnRedactionFindings(context: TurnContext): RedactionFinding[] {
  return (context.turnState.get(REDACTION_FINDINGS_KEY) as RedactionFinding[] | undefined) ?? [];
}
