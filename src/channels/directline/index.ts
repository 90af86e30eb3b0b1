import type { Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import type { Config } from '../../config';
import type { Logger } from '../../logging';
import type { InFlightTracker } from '../../server';
import type { StorageBackend } from '../../storage/ports';
import { LeasedJob } from '../../storage';
import type { AttachmentService } from '../../attachments';
import type { VerifiedUser } from '../../identity';
import { DirectLineAdapter } from './adapter';
import { DirectLineConversations, type ActivitySanitizer } from './conversations';
import { DirectLineRateLimits } from './rate-limits';
import { registerDirectLineRoutes } from './routes';
import { DirectLineStreams } from './stream';
import { DirectLineTokens } from './tokens';
import { LiveActivities } from './live-activities';
import { TokenGenerations } from './token-generations';
import { serviceUrlFor } from './urls';

export { DirectLineAdapter, DIRECT_LINE_CHANNEL_ID } from './adapter';
export { isDirectLineUploadPath } from './routes';

export type { ActivitySanitizer } from './conversations';

export interface DirectLineDeps {
  config: Config;
  storage: StorageBackend;
  logger: Logger;
  inFlight: InFlightTracker;
  /** Keeps the files users send with Web Chat's upload button. */
  attachments: AttachmentService;
  /**
   * Cleans the user's activity before it is stored or echoed (secrets removed). Returns what was
   * removed, by kind only, so the bot can tell the user.
   */
  sanitize?: ActivitySanitizer;
  /** What "now" is for superseded tokens' grace; the system clock unless given. */
  clock?: () => Date;
  /** Overrides for tests; production uses the defaults. */
  tuning?: Partial<DirectLineTuning>;
}

export interface DirectLineTuning {
  /** A post answers when its turn ends, or after this long with the turn still running. */
  turnResponseTimeoutMs: number;
  /** WebSocket ping interval; a stream that misses one pong is dropped. */
  keepAliveMs: number;
  /** How often one instance looks for answered posts whose process died mid-turn. */
  stalledTurnsIntervalMs: number;
  /** How long after its lease ran out such a post's turn is run again (a live turn may be slow). */
  stalledTurnsGraceMs: number;
}

const DEFAULT_TUNING: DirectLineTuning = {
  turnResponseTimeoutMs: 15_000,
  keepAliveMs: 30_000,
  stalledTurnsIntervalMs: 5_000,
  stalledTurnsGraceMs: 30_000,
};

export interface DirectLineChannel {
  readonly adapter: DirectLineAdapter;
  /** Adds the `/v3/directline` routes and the WebSocket stream to the server. Call once. */
  register(server: Server, logic: (context: TurnContext) => Promise<void>): void;
  /**
   * A token for the web chat page: a new conversation with a server-assigned user id; with `user`
   * (verified from the host site's token) every turn of it knows who the user is.
   */
  issueToken(
    user?: VerifiedUser,
  ): Promise<{ conversationId: string; token: string; expires_in: number; userId: string }>;
  /**
   * A token for an existing conversation (the web chat page coming back with a resume credential);
   * `NotFound` when retention removed it. Earlier tokens keep their own expiry.
   */
  tokenFor(
    conversationId: string,
    user?: VerifiedUser,
  ): Promise<{ conversationId: string; token: string; expires_in: number; userId: string }>;
  /**
   * Scheduled work: runs again the turns of posts that were answered (their turn still running)
   * and then lost with their process. Passes run on one instance at a time, once `register` ran.
   */
  readonly stalledTurns: LeasedJob<number>;
  /** Closes open streams (1001) and stops timers; for shutdown. */
  close(): Promise<void>;
}

/** FirstLine's own Direct Line 3.0 endpoint, so the website widget needs no Azure resource. */
export function createDirectLineChannel(deps: DirectLineDeps): DirectLineChannel {
  const tuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const { config, storage } = deps;
  const logger = deps.logger.child({ channel: 'directline' });
  const live = new LiveActivities();
  const adapter = new DirectLineAdapter({
    store: storage.directLine,
    signals: storage.signals,
    live,
    botName: config.webChat.botName,
    serviceUrl: serviceUrlFor(config.server.publicUrl),
  });
  const clock = deps.clock ?? (() => new Date());
  const tokens = new DirectLineTokens({
    configuredSecret: config.directLine.tokenSecret,
    secrets: storage.secrets,
    ttlSeconds: config.directLine.tokenTtlSeconds,
    clock,
  });
  const generations = new TokenGenerations(storage, () => clock().getTime());
  const conversations = new DirectLineConversations({
    storage,
    adapter,
    inFlight: deps.inFlight,
    logger,
    turnResponseTimeoutMs: tuning.turnResponseTimeoutMs,
    maxMessageChars: config.limits.maxMessageChars,
    stalledGraceMs: tuning.stalledTurnsGraceMs,
    sanitize: deps.sanitize,
  });
  const limits = new DirectLineRateLimits(
    {
      conversationsPerMinutePerClient: config.limits.conversationsPerMinute,
      activitiesPerMinutePerConversation: config.limits.messagesPerMinute,
    },
    storage,
  );
  const streams = new DirectLineStreams({
    tokens,
    conversations,
    signals: storage.signals,
    live,
    logger,
    keepAliveMs: tuning.keepAliveMs,
    clock,
  });
  let registered: ((context: TurnContext) => Promise<void>) | undefined;
  const stalledTurns = new LeasedJob({
    name: 'directline-stalled-turns',
    storage,
    intervalMs: tuning.stalledTurnsIntervalMs,
    clock,
    logger,
    pass: () =>
      registered ? conversations.resumeStalled(registered, clock().getTime()) : Promise.resolve(0),
    skipped: 0,
  });

  return {
    adapter,
    stalledTurns,
    register(server, logic) {
      if (registered) throw new Error('The Direct Line channel is already registered.');
      registered = logic;
      registerDirectLineRoutes(
        server,
        {
          config,
          tokens,
          conversations,
          limits,
          generations,
          logger,
          turns: deps.storage,
          attachments: deps.attachments,
          maxFilesPerMessage: config.attachments.maxFiles,
        },
        logic,
      );
      streams.attach(server.server);
    },
    async issueToken(user) {
      const conversation = await conversations.create();
      const issued = await tokens.issue(conversation.id, conversation.userId, 'rest', undefined, 0, user);
      return {
        conversationId: conversation.id,
        token: issued.token,
        expires_in: issued.expiresIn,
        userId: conversation.userId,
      };
    },
    async tokenFor(conversationId, user) {
      const conversation = await conversations.get(conversationId);
      const generation = await generations.current(conversation.id);
      const issued = await tokens.issue(
        conversation.id,
        conversation.userId,
        'rest',
        undefined,
        generation,
        user,
      );
      return {
        conversationId: conversation.id,
        token: issued.token,
        expires_in: issued.expiresIn,
        userId: conversation.userId,
      };
    },
    close: () => streams.close(),
  };
}
