import type { Request, Response, Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import type { Config } from '../../config';
import type { Logger } from '../../logging';
import type { DirectLineConversation, StorageBackend } from '../../storage/ports';
import { AppError, toPublicError } from '../../errors';
import { readUpload, FILES_FIELD, REFUSED_FILES_FIELD, type AttachmentService } from '../../attachments';
import { parseClientActivity, parseWatermark, type ClientActivity } from './activity-validation';
import type { DirectLineConversations, SpeakingConversation } from './conversations';
import { RateLimitedError, type DirectLineRateLimits } from './rate-limits';
import { bearerToken, type DirectLineTokens, type TokenClaims } from './tokens';
import { DIRECT_LINE_PREFIX, streamUrl, webSocketOrigin } from './urls';
import type { TokenGenerations } from './token-generations';

type Logic = (context: TurnContext) => Promise<void>;
const UPLOAD_PATH = /^\/v3\/directline\/conversations\/[^/]+\/upload\/?$/;

/** How much of a refused upload is read and dropped before the connection is cut. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** The one route that reads a multipart body (`createHttpServer`'s `acceptsMultipart`). */
export function isDirectLineUploadPath(path: string): boolean {
  return UPLOAD_PATH.test(path);
}

export interface RouteDeps {
  config: Config;
  tokens: DirectLineTokens;
  conversations: DirectLineConversations;
  limits: DirectLineRateLimits;
  generations: TokenGenerations;
  logger: Logger;
  /** A post and the turn it starts read each stored record once (the storage's per-turn read cache). */
  turns: Pick<StorageBackend, 'withinTurn'>;
  /** Files users send through Web Chat's upload button. */
  attachments: AttachmentService;
  maxFilesPerMessage: number;
}

/** The Direct Line 3.0 REST surface the official clients (DirectLineJS, Web Chat) use. */
export function registerDirectLineRoutes(server: Server, deps: RouteDeps, logic: Logic): void {
  const { tokens, conversations, limits, generations } = deps;
  const authorize = (req: Request) => authorizeRequest(req, tokens, generations);
  const p = DIRECT_LINE_PREFIX;
  const handle = (handler: (req: Request, res: Response) => Promise<void>) => wrap(handler, deps.logger);
  // The path's conversation names the scope; authorize() refuses a token for another conversation.
  const asTurn = (handler: (req: Request, res: Response) => Promise<void>) =>
    handle((req, res) =>
      deps.turns.withinTurn(String(req.params?.conversationId ?? ''), () => handler(req, res)),
    );

  server.post(
    `${p}/tokens/generate`,
    handle(async (req, res) => {
      await limits.newConversation(clientAddress(req));
      const conversation = await conversations.create();
      const issued = await tokens.issue(conversation.id, conversation.userId);
      res.send(200, { conversationId: conversation.id, token: issued.token, expires_in: issued.expiresIn });
    }),
  );

  server.post(
    `${p}/conversations`,
    handle(async (req, res) => {
      const { conversation, token, expiresAt } = await startOrCreate(req);
      await conversations.start(conversation, logic);
      res.send(201, await describe(req, conversation, token, expiresAt, 0));
    }),
  );

  server.get(
    `${p}/conversations/:conversationId`,
    handle(async (req, res) => {
      const claims = await authorize(req);
      const conversation = await conversations.get(claims.conversationId);
      const watermark = parseWatermark(req.query?.watermark);
      res.send(
        200,
        await describe(
          req,
          conversation,
          bearerToken(req.header('authorization')),
          claims.expiresAt,
          watermark,
        ),
      );
    }),
  );

  server.post(
    `${p}/tokens/refresh`,
    handle(async (req, res) => {
      const claims = await authorize(req);
      await limits.refresh(claims.conversationId);
      const conversation = await conversations.get(claims.conversationId);
      // The refreshed token replaces this one, which keeps working only for a short grace.
      const generation = await generations.advance(conversation.id, claims.generation);
      if (generation === undefined) {
        throw new AppError('Unauthorized', 'This token was refreshed already; use the newer one.');
      }
      const issued = await tokens.issue(
        conversation.id,
        conversation.userId,
        'rest',
        undefined,
        generation,
        claims.user,
      );
      res.send(200, { conversationId: conversation.id, token: issued.token, expires_in: issued.expiresIn });
    }),
  );

  server.post(
    `${p}/conversations/:conversationId/activities`,
    asTurn(async (req, res) => {
      const claims = await authorize(req);
      await limits.activity(claims.conversationId);
      const activity = parseClientActivity(req.body, deps.config.limits.maxMessageChars);
      const conversation = speaking(await conversations.get(claims.conversationId), claims);
      res.send(200, await conversations.post(conversation, activity, logic));
    }),
  );

  // Web Chat's upload button (DirectLineJS postActivityWithAttachments): the token is checked before
  // a byte of the body is read; the body is read in memory with limits, never to disk.
  server.post(
    `${p}/conversations/:conversationId/upload`,
    handle(async (req, res) => {
      try {
        await upload(req, res);
      } catch (err) {
        if (!req.complete) stopReading(req, DRAIN_LIMIT_BYTES);
        throw err;
      }
    }),
  );

  async function upload(req: Request, res: Response): Promise<void> {
    const claims = await authorize(req);
    await limits.activity(claims.conversationId);
    const conversation = speaking(await conversations.get(claims.conversationId), claims);
    const upload = await readUpload(req, {
      maxFileBytes: deps.attachments.maxBytes,
      maxFiles: deps.maxFilesPerMessage,
      maxActivityBytes: deps.config.server.bodyLimitBytes,
    });
    if (upload.files.length === 0) throw new AppError('BadArgument', 'The upload carries no file.');
    const template = upload.activity ?? { type: 'message' };
    // Only Web Chat's own channelData fields survive parsing; the file fields below are the server's.
    const activity = parseClientActivity(
      { ...(template as Record<string, unknown>), attachments: undefined },
      deps.config.limits.maxMessageChars,
    );
    if (activity.type !== 'message')
      throw new AppError('BadArgument', 'Files can only be sent with a message.');
    const { stored, refused } = await deps.attachments.accept(
      { conversationId: conversation.id, userId: conversation.userId, channelId: 'directline' },
      upload.files,
    );
    const withFiles = {
      ...activity,
      // Shown by Web Chat as file chips (name and size); the bytes are only served to technicians.
      attachments: stored.map((file) => ({ contentType: file.mediaType, name: file.name })),
      channelData: {
        ...(activity.channelData as Record<string, unknown> | undefined),
        attachmentSizes: stored.map((file) => file.size),
        [FILES_FIELD]: stored,
        [REFUSED_FILES_FIELD]: refused,
      },
    } as ClientActivity;
    res.send(200, await conversations.post(conversation, withFiles, logic));
  }

  server.get(
    `${p}/conversations/:conversationId/activities`,
    handle(async (req, res) => {
      const claims = await authorize(req);
      const watermark = parseWatermark(req.query?.watermark);
      res.send(200, await conversations.list(claims.conversationId, watermark));
    }),
  );

  /** With a token: that token's conversation. Without: a new anonymous one, rate-limited per address. */
  async function startOrCreate(req: Request) {
    if (hasToken(req)) {
      const claims = await authorize(req);
      const conversation = speaking(await conversations.get(claims.conversationId), claims);
      return { conversation, token: bearerToken(req.header('authorization')), expiresAt: claims.expiresAt };
    }
    await limits.newConversation(clientAddress(req));
    const conversation = await conversations.create();
    const issued = await tokens.issue(conversation.id, conversation.userId);
    return { conversation, token: issued.token, expiresAt: issued.expiresAt };
  }

  async function describe(
    req: Request,
    conversation: DirectLineConversation,
    token: string,
    expiresAt: number,
    watermark: number,
  ) {
    const ticket = await tokens.issue(conversation.id, conversation.userId, 'stream', expiresAt);
    const origin = webSocketOrigin(deps.config.server.publicUrl, req.headers);
    return {
      conversationId: conversation.id,
      token,
      expires_in: Math.max(0, expiresAt - Math.floor(Date.now() / 1000)),
      streamUrl: streamUrl(origin, conversation.id, watermark, ticket.token),
    };
  }
}

/** The conversation with the user its token vouches for (set only from a verified host token). */
function speaking(conversation: DirectLineConversation, claims: TokenClaims): SpeakingConversation {
  return claims.user ? { ...conversation, verifiedUser: claims.user } : conversation;
}

/**
 * Verifies the bearer token, and that no refresh has replaced it (beyond the grace); a token for
 * another conversation than the path's is Forbidden.
 */
async function authorizeRequest(
  req: Request,
  tokens: DirectLineTokens,
  generations: TokenGenerations,
): Promise<TokenClaims> {
  const claims = await tokens.verify(bearerToken(req.header('authorization')));
  if (!(await generations.accepts(claims.conversationId, claims.generation))) {
    throw new AppError('Unauthorized', 'The token was replaced by a refreshed one.');
  }
  const pathConversation = req.params?.conversationId as string | undefined;
  if (pathConversation !== undefined && pathConversation !== claims.conversationId) {
    throw new AppError('Forbidden', 'The token does not open this conversation.');
  }
  return claims;
}

/**
 * After refusing an upload before or while reading it: the rest of the body is read and dropped
 * (never stored) so the client gets the answer rather than a reset, up to a bound past which the
 * connection is cut.
 */
function stopReading(req: Request, limit: number): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) req.socket?.destroy();
  });
  req.resume();
}

/** DirectLineJS without a token still sends `Bearer undefined`; that means "no token", not a bad one. */
function hasToken(req: Request): boolean {
  const header = req.header('authorization')?.trim() ?? '';
  return header !== '' && !/^Bearer(\s+(undefined|null))?$/i.test(header);
}

/**
 * The socket's address. X-Forwarded-For is not trusted: without a configured proxy a client could
 * write any address there and dodge the limit.
 */
function clientAddress(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}

function wrap(handler: (req: Request, res: Response) => Promise<void>, logger: Logger) {
  return async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    try {
      await handler(req, res);
    } catch (err) {
      if (err instanceof RateLimitedError) res.setHeader('retry-after', String(err.retryAfterSeconds));
      const { status, body } = toPublicError(err);
      const log = req.reqLog ?? logger;
      if (status >= 500) log.error({ err, path: req.path() }, 'Direct Line request failed');
      else log.info({ status, code: body.error.code, path: req.path() }, 'Direct Line request rejected');
      res.send(status, body);
    }
  };
}
