import type { Middleware, TurnContext } from 'botbuilder';
import type { Lang } from '../../i18n';
import { SECRET_KINDS, redactionNotice, type PrivacyMessages, type SecretKind } from '../../privacy';
import { turnLanguage, turnRedactions } from '../../turn';

/** channelData field where a channel that cleaned the activity itself lists what it removed. */
export const REMOVED_SECRETS_FIELD = 'firstlineRemovedSecrets';

/**
 * Tells the user, in their language, that a secret was removed from what they wrote and that they
 * should change it. Runs after the turn so the language is known.
 */
export function noticeRemovedSecrets(defaultLanguage: Lang, messages: PrivacyMessages): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      await next();
      const kinds = [...turnRedactions(context).map((f) => f.kind), ...removedByChannel(context)];
      if (kinds.length === 0) return;
      const notice = redactionNotice(
        kinds.map((kind) => ({ kind })),
        turnLanguage(context, defaultLanguage),
        messages,
      );
      if (notice) await context.sendActivity(notice);
    },
  };
}

function removedByChannel(context: TurnContext): SecretKind[] {
  const data = context.activity.channelData as Record<string, unknown> | undefined;
  const removed = data?.[REMOVED_SECRETS_FIELD];
  return Array.isArray(removed) ? removed.filter(isSecretKind) : [];
}

function isSecretKind(value: unknown): value is SecretKind {
  return (SECRET_KINDS as readonly unknown[]).includes(value);
}
