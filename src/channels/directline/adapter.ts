import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BotAdapter,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { markRerun } from '../../turn';
import { TECHNICIAN_CHANNEL_DATA } from '../../handoff';
import type { ConversationSignals, DirectLineStore } from '../../storage/ports';
import { activityId } from './activity-validation';
import type { LiveActivities } from './live-activities';

export const DIRECT_LINE_CHANNEL_ID = 'directline';
export const BOT_ID = 'firstline-bot';
/** Longest `delay` activity honoured, so a bot cannot hold a request open for minutes. */
const MAX_DELAY_MS = 10_000;

export interface DirectLineAdapterOptions {
  store: DirectLineStore;
  signals: ConversationSignals;
  /** Where typing goes: to open streams, not into the log. */
  live: LiveActivities;
  botName: string;
  /** Put on every activity; bots keep it in conversation references, so it must not change. */
  serviceUrl: string;
}

type Logic = (context: TurnContext) => Promise<void>;

/**
 * Runs bot turns in this process and writes the bot's replies straight into the conversation's
 * Direct Line log, where the stream and polling endpoints pick them up. No HTTP round trip, no
 * Azure token.
 */
export class DirectLineAdapter extends BotAdapter {
  readonly bot: ChannelAccount;

  constructor(private readonly options: DirectLineAdapterOptions) {
    super();
    this.bot = { id: BOT_ID, name: options.botName, role: 'bot' };
  }

  get serviceUrl(): string {
    return this.options.serviceUrl;
  }

  /**
   * One bot turn for an activity that is already in the log. `rerun`: its first turn died with
   * the process, so the de-duplication by activity id must let this one through.
   */
  async processIncoming(activity: Partial<Activity>, logic: Logic, rerun = false): Promise<void> {
    const context = new TurnContext(this, activity);
    if (rerun) markRerun(context);
    await this.runMiddleware(context, logic);
  }

  override async sendActivities(
    _context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      responses.push(await this.sendOne(activity));
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error('The Direct Line channel cannot update an activity once sent; send a new one instead.');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('The Direct Line channel cannot delete an activity once sent.');
  }

  override async continueConversation(
    reference: Partial<ConversationReference>,
    logic: Logic,
  ): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !(await this.options.store.getConversation(conversationId))) {
      throw new Error(`Unknown Direct Line conversation: ${conversationId ?? '(none)'}`);
    }
    const event = TurnContext.applyConversationReference(
      { type: 'event', name: 'continueConversation' },
      { ...reference, channelId: DIRECT_LINE_CHANNEL_ID, serviceUrl: this.serviceUrl, bot: this.bot },
      true,
    );
    await this.runMiddleware(new TurnContext(this, event), logic);
  }

  /** Proactive messages (technician relay, follow-ups). The app id is not needed in-process. */
  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: Logic | string,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('continueConversationAsync needs a logic callback.');
    await this.continueConversation(reference, logic);
  }

  private async sendOne(activity: Partial<Activity>): Promise<ResourceResponse> {
    if (activity.type === 'delay') {
      await sleep(Math.min(MAX_DELAY_MS, Math.max(0, Number(activity.value) || 1000)));
      return { id: '' };
    }
    // Trace activities are for the Emulator; invoke responses have no meaning on Direct Line.
    if (activity.type === 'trace' || activity.type === 'invokeResponse') return { id: '' };
    const conversationId = activity.conversation?.id;
    if (!conversationId) throw new Error('Cannot send an activity without conversation.id.');
    if (activity.type === 'typing') {
      const id = `${conversationId}|typing-${randomBytes(6).toString('base64url')}`;
      this.options.live.publish(conversationId, {
        ...toStoredBotActivity(activity, conversationId, 0, this.bot, this.serviceUrl),
        id,
      });
      return { id };
    }
    const record = await this.options.store.appendActivity(conversationId, (index) =>
      toStoredBotActivity(activity, conversationId, index, this.bot, this.serviceUrl),
    );
    this.options.signals.notify(conversationId);
    return { id: String(record.activity.id) };
  }
}

function toStoredBotActivity(
  activity: Partial<Activity>,
  conversationId: string,
  index: number,
  bot: ChannelAccount,
  serviceUrl: string,
): Record<string, unknown> {
  // A JSON round trip drops undefined fields and turns Dates into strings, as the wire would.
  const plain = JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
  return {
    ...plain,
    type: activity.type ?? 'message',
    id: activityId(conversationId, index),
    timestamp: new Date().toISOString(),
    channelId: DIRECT_LINE_CHANNEL_ID,
    serviceUrl,
    conversation: { id: conversationId },
    from: senderOf(activity, bot),
    recipient: activity.recipient ? { id: activity.recipient.id, role: 'user' } : undefined,
    replyToId: activity.replyToId,
  };
}

/**
 * The bot, or for a technician's words the technician: another participant with their own id
 * and name (role `bot`, the only other role Web Chat draws on the left), never the user.
 */
function senderOf(activity: Partial<Activity>, bot: ChannelAccount): ChannelAccount {
  const data: unknown = activity.channelData;
  const technician =
    typeof data === 'object' && data !== null
      ? (data as Record<string, unknown>)[TECHNICIAN_CHANNEL_DATA]
      : undefined;
  if (typeof technician !== 'object' || technician === null) return { ...bot };
  const { id, name } = technician as { id?: unknown; name?: unknown };
  if (typeof id !== 'string' || typeof name !== 'string' || !id || !name) return { ...bot };
  return { id: `${bot.id}:technician:${id}`, name, role: 'bot' };
}
