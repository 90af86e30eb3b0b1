import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { ProactiveAdapter } from '../../../handoff';
import type { Logger } from '../../../logging';
import type { Redactor } from '../../../privacy';
import type { StorageBackend } from '../../../storage/ports';
import { ChannelPoster } from './channel-poster';
import { ADAPTIVE_CARD, cardAttachment } from './handoff-card';
import { ChannelDesk, type ActionOutcome } from './channel-desk';
import { ChannelRelay } from './channel-relay';
import { cardActionOf, isFromChannel } from './teams-activity';
import { ThreadStore } from './thread-store';
import type {
  ChannelDirectory,
  ChannelHandoffs,
  TechnicianChannelSettings,
  ChannelTickets,
} from './channel-types';

export interface TechnicianChannelDeps {
  settings: TechnicianChannelSettings;
  /** The Bot Framework adapter Teams talks to. */
  adapter: ProactiveAdapter & { readonly ConnectorClientKey: symbol };
  appId: string;
  storage: Pick<StorageBackend, 'collection' | 'events' | 'signals'>;
  handoffs: ChannelHandoffs;
  directory: ChannelDirectory;
  tickets: ChannelTickets;
  redactor: Redactor;
  logger: Logger;
  clock?: () => Date;
  pollMs?: number;
}

export interface TechnicianChannel {
  /** Install first on the Bot Framework adapter: it keeps the channel's activities from the bot. */
  readonly middleware: Middleware;
  readonly relay: ChannelRelay;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Technicians take hand-overs over from a Teams channel: each new hand-over is a card there,
 * "Claim" takes it, replies in the card's thread reach the user and the user's messages come back
 * into the thread. The bot never answers in the channel as if a technician were a user.
 */
export function createTechnicianChannel(deps: TechnicianChannelDeps): TechnicianChannel {
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger.child({ module: 'teams-technician-channel' });
  const threads = new ThreadStore(deps.storage, clock);
  const desk = new ChannelDesk({ ...deps, threads, logger });
  const poster = new ChannelPoster(deps.adapter, deps.appId, deps.settings);
  const relay = new ChannelRelay({
    ...deps,
    desk,
    threads,
    poster,
    logger,
    clock,
    pollMs: deps.pollMs ?? 2000,
  });

  const middleware: Middleware = {
    async onTurn(context, next) {
      const { activity } = context;
      // Events include the channel's own proactive turns into the channel: those must run.
      if (!isFromChannel(activity, deps.settings.channelId) || activity.type === ActivityTypes.Event)
        return next();
      // Membership changes, reactions: nothing for the bot to greet or answer in the channel.
      if (activity.type !== ActivityTypes.Message && activity.type !== ActivityTypes.Invoke) return;
      const removed = redact(deps.redactor, activity);
      const action = cardActionOf(activity);
      if (action) {
        const outcome = await desk.act(action, activity);
        return activity.type === ActivityTypes.Invoke
          ? answerInvoke(context, outcome)
          : answerSubmit(context, outcome, relay);
      }
      if (activity.type === ActivityTypes.Invoke)
        return answerInvoke(context, { message: 'Unknown action.' });
      const reply = await desk.threadMessage(activity);
      const lines = [
        removed ? 'A secret (password, key or similar) was removed from your message first.' : '',
        reply ?? '',
      ];
      const text = lines.filter(Boolean).join(' ');
      if (text) await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'plain' });
    },
  };

  return { middleware, relay, start: () => relay.start(), stop: () => relay.stop() };
}

/** Secrets never reach the user or storage from the channel either: every field but routing ones. */
function redact(redactor: Redactor, activity: Activity): boolean {
  const { activity: clean, findings } = redactor.redactActivity(activity);
  if (findings.length === 0) return false;
  Object.assign(activity, clean);
  return true;
}

/**
 * Universal Actions: the card in the answer replaces the one the technician pressed (the relay
 * updates it for everyone), with a line on top when the press did not do what they wanted.
 */
async function answerInvoke(context: TurnContext, outcome: ActionOutcome): Promise<void> {
  const body = outcome.view
    ? { statusCode: 200, type: ADAPTIVE_CARD, value: cardAttachment(outcome.view, outcome.message).content }
    : {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value: outcome.message ?? 'Done.',
      };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

/** Action.Submit (clients without Universal Actions): a line answers the presser in the thread. */
async function answerSubmit(
  context: TurnContext,
  outcome: ActionOutcome,
  relay: ChannelRelay,
): Promise<void> {
  if (outcome.message) {
    await context.sendActivity({ type: ActivityTypes.Message, text: outcome.message, textFormat: 'plain' });
  }
  // State changes reach the card through the relay; waking it makes that prompt on this instance.
  relay.wake();
}
