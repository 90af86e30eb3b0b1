import type { Middleware, TurnContext } from 'botbuilder';

/**
 * channelData field saying a message was longer than MAX_MESSAGE_CHARS: the length the user sent.
 * The Direct Line channel sets it itself, since it stores the activity before the bot's turn.
 */
export const SHORTENED_FROM_FIELD = 'firstlineShortenedFrom';

/**
 * Keeps the start of a message longer than `maxChars` (a pasted log, a forwarded e-mail thread)
 * instead of refusing it: after redaction, so a secret is removed whole, and before the transcript
 * and the dialogs, so nothing keeps the rest. The bot then tells the user it read only the start.
 */
export function keepStartOfLongMessages(maxChars: number): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      keepStart(context, maxChars);
      await next();
    },
  };
}

/**
 * Cuts the turn's message to its first `maxChars` characters (code points) and marks it with the
 * length it had; the length it was sent with when it was cut (here or by its channel), else undefined.
 */
export function keepStart(context: TurnContext, maxChars: number): number | undefined {
  const { activity } = context;
  const text = activity.text;
  if (activity.type === 'message' && text !== undefined && text.length > maxChars) {
    const chars = [...text];
    if (chars.length > maxChars) {
      activity.text = chars.slice(0, maxChars).join('');
      activity.channelData = {
        ...(activity.channelData as Record<string, unknown> | undefined),
        [SHORTENED_FROM_FIELD]: chars.length,
      };
    }
  }
  return shortenedFrom(context);
}

/** The length of the message the user sent when only its start was kept; undefined otherwise. */
export function shortenedFrom(context: TurnContext): number | undefined {
  const data = context.activity.channelData as Record<string, unknown> | undefined;
  const length = data?.[SHORTENED_FROM_FIELD];
  return typeof length === 'number' && Number.isFinite(length) ? length : undefined;
}
