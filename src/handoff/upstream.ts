import type { Activity, ConversationReference, TurnContext } from 'botbuilder';

/**
 * How the hand-over reaches the user's conversation without knowing channel code: one proactive
 * turn that sends these activities. The app builds it from its channel adapters.
 */
export interface UpstreamSender {
  send(reference: Partial<ConversationReference>, activities: Partial<Activity>[]): Promise<void>;
}

/** The part of a Bot Framework adapter proactive messages need. */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/**
 * Picks the adapter by the conversation's channel: the built-in Direct Line adapter writes into
 * its log (any instance serves it); the Bot Framework adapter posts to the channel's serviceUrl.
 */
export function adapterUpstream(options: {
  appId: string;
  byChannel: Record<string, ProactiveAdapter>;
  fallback: ProactiveAdapter;
}): UpstreamSender {
  return {
    async send(reference, activities) {
      const adapter = options.byChannel[reference.channelId ?? ''] ?? options.fallback;
      await adapter.continueConversationAsync(options.appId, reference, async (context) => {
        await context.sendActivities(activities);
      });
    },
  };
}

/**
 * The app's upstream: the built-in Direct Line adapter for its own conversations, the Bot
 * Framework adapter for everything else (Teams, and Azure's Direct Line channel, which is
 * "directline" too but reached through the Bot Connector at another serviceUrl).
 */
export function channelUpstream(adapters: {
  directLine: ProactiveAdapter & { readonly serviceUrl: string };
  botFramework: ProactiveAdapter;
  appId: string;
}): UpstreamSender {
  const { directLine, botFramework, appId } = adapters;
  const builtIn: ProactiveAdapter = {
    continueConversationAsync: (id, reference, logic) =>
      reference.serviceUrl && reference.serviceUrl !== directLine.serviceUrl
        ? botFramework.continueConversationAsync(id, reference, logic)
        : directLine.continueConversationAsync(id, reference, logic),
  };
  return adapterUpstream({ appId, byChannel: { directline: builtIn }, fallback: botFramework });
}
