import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../../config';
import { AppError, errorBody, toPublicError } from '../../errors';
import type { Logger } from '../../logging';
import type { InFlightTracker } from '../../server';
import { incomingActivitySchema } from './activity-schema';

type Logic = (context: TurnContext) => Promise<void>;

/** CloudAdapter with its activity entry point opened up, so errors are ours to shape. */
class FirstLineCloudAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: Logic): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export interface BotFrameworkChannel {
  readonly adapter: CloudAdapter;
  register(server: Server, logic: Logic): void;
}

/**
 * Teams and the Azure Bot Service channels, on `POST /api/messages`. With app credentials every
 * request must carry a valid Bot Framework token; without them (development only: config refuses
 * to start in production) the SDK accepts unauthenticated requests, as the Emulator needs.
 */
export function createBotFrameworkChannel(deps: {
  config: Config;
  logger: Logger;
  inFlight: InFlightTracker;
}): BotFrameworkChannel {
  const { botFramework } = deps.config;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: botFramework.appId ?? '',
    MicrosoftAppPassword: botFramework.appPassword ?? '',
    MicrosoftAppType: botFramework.appType,
    MicrosoftAppTenantId: botFramework.tenantId ?? '',
  });
  const adapter = new FirstLineCloudAdapter(auth);
  return {
    adapter,
    register(server, logic) {
      server.post('/api/messages', async (req: Request, res: Response) => {
        try {
          const activity = parseActivity(req);
          const work = adapter.handle(req.header('authorization') ?? '', activity, logic);
          const invokeResponse = await deps.inFlight.track(work);
          res.send(invokeResponse?.status ?? 200, invokeResponse?.body ?? '');
        } catch (err) {
          const failure = describeFailure(err);
          const log = req.reqLog ?? deps.logger;
          if (failure.status >= 500) log.error({ err }, 'bot framework activity failed');
          else log.info({ code: failure.body.error.code }, 'bot framework activity refused');
          res.send(failure.status, failure.body);
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
  return parsed.data as unknown as Activity;
}

function describeFailure(err: unknown) {
  const name = (err as { name?: string } | undefined)?.name;
  if (name === 'AuthenticationError' || (err as { statusCode?: number })?.statusCode === 401) {
    return { status: 401, body: errorBody('Unauthorized', 'The request is not authenticated.') };
  }
  return toPublicError(err);
}
