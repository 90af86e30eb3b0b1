import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../../config';
import { AppError, toPublicError } from '../../errors';
import type { Logger } from '../../logging';
import type { InFlightTracker } from '../../server';
import type { Delivery, StorageBackend } from '../../storage/ports';
import { beginDelivery } from '../../storage';
import { markRerun } from '../../turn';
import { assertBoundedActivityFields, incomingActivitySchema } from './activity-schema';
import { ChannelTokenCheck } from './channel-token';
import { isLoopbackAddress, isLoopbackUrl } from './loopback';

type Logic = (context: TurnContext) => Promise<void>;
type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;
/** The SDK's public-cloud values (botframework-connector's AuthenticationConstants). */
const BOT_FRAMEWORK = 'https://api.botframework.com';
const LOGIN_URL = 'https://login.microsoftonline.com/botframework.com';
const PUBLIC_AZURE_CALLER_ID = 'urn:botframework:azure';
const NOT_IMPLEMENTED = 501;
/**
 * How long an activity's first attempt holds it: a retry within this time, while the turn runs, is
 * not processed; after it, with the turn unfinished (the process died), the retry runs it again.
 */
const DELIVERY_LEASE_MS = 60_000;

/**
 * CloudAdapter with its activity entry point opened up, so errors are ours to shape, and a turn
 * run again after its first attempt died marked as such (`markRerun`) before any middleware.
 */
class FirstLineCloudAdapter extends CloudAdapter {
  private readonly reruns = new WeakSet<Activity>();

  handle(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: Logic,
    rerun = false,
  ): Promise<InvokeResponse | undefined> {
    if (rerun) this.reruns.add(activity);
    return this.processActivity(auth, activity, logic);
  }

  protected override runMiddleware(context: TurnContext, next: Logic): Promise<void> {
    if (this.reruns.has(context.activity)) markRerun(context);
    return super.runMiddleware(context, next);
  }
}

export interface BotFrameworkChannel {
  readonly adapter: CloudAdapter;
  register(server: Server, logic: Logic): void;
}

/**
 * Teams and the Azure Bot Service channels, on `POST /api/messages`. With app credentials every
 * request must carry a valid Bot Framework token, checked by FirstLine (fails closed: 401) and then
 * by the SDK. Without them (development and tests only: config refuses to start so in production)
 * only a local client at a local serviceUrl is answered, as the Emulator is: an activity from
 * anywhere else could make the server post to any address it names.
 */
export function createBotFrameworkChannel(deps: {
  config: Config;
  logger: Logger;
  inFlight: InFlightTracker;
  /**
   * Each activity is one turn of its conversation: its reads are cached, as on Direct Line, and a
   * retried activity is processed once (`beginDelivery` with `idempotency`).
   */
  turns: Pick<StorageBackend, 'withinTurn' | 'idempotency'>;
}): BotFrameworkChannel {
  const { botFramework } = deps.config;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: botFramework.appId ?? '',
    MicrosoftAppPassword: botFramework.appPassword ?? '',
    MicrosoftAppType: botFramework.appType,
    MicrosoftAppTenantId: botFramework.tenantId ?? '',
    // The SDK takes the metadata URLs only with the whole public-cloud set spelled out.
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: LOGIN_URL,
    ToChannelFromBotOAuthScope: BOT_FRAMEWORK,
    ToBotFromChannelTokenIssuer: BOT_FRAMEWORK,
    OAuthUrl: BOT_FRAMEWORK,
    ToBotFromChannelOpenIdMetadataUrl: botFramework.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: botFramework.emulatorOpenIdMetadataUrl,
    CallerId: PUBLIC_AZURE_CALLER_ID,
  });
  const tokenCheck = botFramework.appId
    ? new ChannelTokenCheck({
        appId: botFramework.appId,
        channelMetadataUrl: botFramework.openIdMetadataUrl,
        emulatorMetadataUrl: botFramework.emulatorOpenIdMetadataUrl,
        logger: deps.logger.child({ channel: 'bot-framework' }),
      })
    : undefined;

  async function authenticate(req: Request, activity: Activity): Promise<AuthenticateRequestResult> {
    const authorization = req.header('authorization') ?? '';
    if (tokenCheck) {
      await tokenCheck.verify(authorization, activity);
    } else if (!isLoopbackAddress(req.socket?.remoteAddress) || !isLoopbackUrl(activity.serviceUrl)) {
      throw new AppError(
        'Unauthorized',
        'Without Bot Framework credentials only a local client with a local serviceUrl is answered.',
      );
    }
    try {
      return await auth.authenticateRequest(activity, authorization);
    } catch (err) {
      throw new AppError('Unauthorized', 'The request is not authenticated.', { cause: err });
    }
  }

  /**
   * Channels retry an activity they think was lost: the same id is processed once, on whichever
   * instance. An activity without an id (never from a real channel) cannot be told apart: it runs.
   */
  async function begin(activity: Activity): Promise<Delivery> {
    const conversationId = activity.conversation?.id;
    if (!activity.id || !conversationId) return { state: 'first', finish: async () => undefined };
    return beginDelivery(
      deps.turns.idempotency,
      { channelId: activity.channelId, conversationId, deliveryId: activity.id },
      DELIVERY_LEASE_MS,
    );
  }

  const adapter = new FirstLineCloudAdapter(auth);
  return {
    adapter,
    register(server, logic) {
      server.post('/api/messages', async (req: Request, res: Response) => {
        try {
          const activity = parseActivity(req);
          const authenticated = await authenticate(req, activity);
          const delivery = await begin(activity);
          if (delivery.state === 'running' || delivery.state === 'done') {
            (req.reqLog ?? deps.logger).info(
              { activityId: activity.id, conversationId: activity.conversation?.id },
              'duplicate activity ignored',
            );
            res.send(200, '');
            return;
          }
          const work = deps.turns.withinTurn(activity.conversation?.id ?? '', () =>
            adapter.handle(authenticated, activity, logic, delivery.state === 'retake'),
          );
          const invokeResponse = await deps.inFlight.track(
            // A failed turn was answered by the bot's error handler: finished too, never run twice.
            work.finally(() =>
              delivery
                .finish()
                .catch((err: unknown) => deps.logger.warn({ err }, 'could not mark a turn done')),
            ),
          );
          if (invokeResponse?.status === NOT_IMPLEMENTED) {
            // The SDK's answer to an invoke no handler took: the caller asked for something we lack.
            throw new AppError(
              'BadArgument',
              `FirstLine does not handle the invoke "${activity.name ?? ''}".`,
            );
          }
          res.send(invokeResponse?.status ?? 200, invokeResponse?.body ?? '');
        } catch (err) {
          const { status, body } = toPublicError(err);
          const log = req.reqLog ?? deps.logger;
          if (status >= 500) log.error({ err }, 'bot framework activity failed');
          else log.info({ code: body.error.code, reason: reasonOf(err) }, 'bot framework activity refused');
          res.send(status, body);
        }
      });
    },
  };
}

function parseActivity(req: Request): Activity {
  if (!req.is('json'))
    throw new AppError('UnsupportedMediaType', 'Activities must be sent as application/json.');
  const parsed = incomingActivitySchema.safeParse(req.body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new AppError('BadArgument', `The activity is invalid: check "${field}".`);
  }
  assertBoundedActivityFields(parsed.data);
  return parsed.data as unknown as Activity;
}

/** Why a request was refused, for the log line (never sent to the client). */
function reasonOf(err: unknown): string | undefined {
  return err instanceof AppError && err.message !== err.publicMessage ? err.message : undefined;
}
