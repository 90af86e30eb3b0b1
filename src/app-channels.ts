import type { BotAdapter } from 'botbuilder';
import type { AppFoundation } from './app-foundation';
import type { BotRuntime } from './bot';
import { createBotFrameworkChannel } from './channels/bot-framework';
import { createDirectLineChannel } from './channels/directline';
import { teamsMentions } from './channels/teams/mentions';
import type { TechnicianChannel } from './channels/teams/technician-channel';
import { registerWebChatRoutes, ResumeCredentials } from './channels/webchat';
import { channelUpstream } from './handoff';
import { HostIdentityVerifier, teamsRosterIdentity } from './identity';

export type AppChannels = ReturnType<typeof createChannels>;

/**
 * Step 3 of `createApp`, channels first: the web chat's own Direct Line endpoint and the Bot
 * Framework (Teams, Azure channels). Their adapters are the senders everything else reaches users
 * through (`upstream`: technicians' messages, notices and follow-ups).
 */
export function createChannels(base: AppFoundation) {
  const { config, storage, logger, inFlight, clock, attachments, redaction } = base;
  const directLine = createDirectLineChannel({
    config,
    storage,
    logger,
    inFlight,
    clock,
    attachments,
    // Before the user's activity is stored and echoed, not only before the bot sees it.
    sanitize: async (activity, conversationId) => {
      const { activity: clean, findings } = await redaction.incoming(activity, {
        conversationId,
        role: 'user',
      });
      return { activity: clean, removed: findings.map((f) => f.kind) };
    },
  });
  const botFramework = createBotFrameworkChannel({ config, logger, inFlight, turns: storage });
  const upstream = channelUpstream({
    directLine: directLine.adapter,
    botFramework: botFramework.adapter,
    appId: config.botFramework.appId ?? '',
  });
  return { directLine, botFramework, upstream };
}

/**
 * Every channel runs a turn the same way: Teams first keeps what is not for the bot away (the
 * technicians' channel, team chats where the bot was not @mentioned, mention removed), then the
 * bot's middleware in its order, then the bot. A failed turn gets the generic error. The roster
 * says who a Teams user is (name, e-mail, Entra id) for the hand-over and tickets.
 * Then the channels' routes: Direct Line and /api/messages.
 */
export function runTurnsThroughBot(
  base: AppFoundation,
  channels: AppChannels,
  bot: BotRuntime,
  technicianChannel: TechnicianChannel | undefined,
): void {
  const { config, storage, logger, clock, catalogue, server } = base;
  const { directLine, botFramework } = channels;
  const teamsOnly = [
    ...(technicianChannel ? [technicianChannel.middleware] : []),
    teamsMentions(storage),
    teamsRosterIdentity({ logger: logger.child({ module: 'teams-roster' }), clock }),
  ];
  for (const [adapter, channelMiddleware] of [
    [directLine.adapter, []],
    [botFramework.adapter, teamsOnly],
  ] as const) {
    for (const middleware of [...channelMiddleware, ...bot.middleware]) adapter.use(middleware);
    (adapter as BotAdapter).onTurnError = async (context, err) => {
      logger.error({ err, conversationId: context.activity.conversation?.id }, 'turn failed');
      await context
        .sendActivity(catalogue.t(config.defaultLanguage, 'error.turn'))
        .catch((sendErr: unknown) =>
          logger.warn({ err: sendErr }, 'could not tell the user about a failed turn'),
        );
    };
  }
  directLine.register(server, bot.logic);
  botFramework.register(server, bot.logic);
}

/** The web chat page's routes: Direct Line tokens, resuming a conversation, the host's identity. */
export function registerWebChat(base: AppFoundation, channels: AppChannels): void {
  const { config, storage, logger, clock, catalogue, server } = base;
  const { directLine } = channels;
  // The host site's word on who the user is, checked with the secret it shares with us.
  const hostIdentity =
    config.webChat.identitySecret !== undefined
      ? new HostIdentityVerifier(config.webChat.identitySecret, clock)
      : undefined;
  registerWebChatRoutes(server, {
    config,
    catalogue,
    logger,
    rateLimits: storage,
    tokensPerMinutePerClient: config.limits.conversationsPerMinute,
    issueToken: (user) => directLine.issueToken(user),
    resume: {
      credentials: new ResumeCredentials(storage, {
        days: config.webChat.resumeDays,
        clock: clock ?? (() => new Date()),
      }),
      tokenFor: (conversationId, user) => directLine.tokenFor(conversationId, user),
    },
    checkIdentity: hostIdentity && ((token) => hostIdentity.verify(token)),
  });
}
