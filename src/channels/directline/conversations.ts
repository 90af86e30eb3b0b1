import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../../logging';
import type { InFlightTracker } from '../../server';
import type { DirectLineConversation, StorageBackend } from '../../storage/ports';
import { AppError } from '../../errors';
import { activityId, clientActivityId, type ClientActivity } from './activity-validation';
import { DIRECT_LINE_CHANNEL_ID, type DirectLineAdapter } from './adapter';

type Logic = (context: TurnContext) => Promise<void>;
const PAGE = 500;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Longer than any conversation is kept open, so a late restart of the client never greets twice. */
const START_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** How long a retried post waits for the first attempt's activity to appear in the log. */
const DUPLICATE_LOOKUP_MS = 3000;

export interface ConversationsOptions {
  storage: StorageBackend;
  adapter: DirectLineAdapter;
  inFlight: InFlightTracker;
  logger: Logger;
  /** The post answers when the turn ends, or after this long with the turn still running. */
  turnResponseTimeoutMs: number;
  sanitize?: ActivitySanitizer;
}

/** Removes what must never be stored from a user's activity; `removed` lists kinds, never values. */
export type ActivitySanitizer = (activity: ClientActivity) => { activity: ClientActivity; removed: string[] };

/** channelData field telling the bot which kinds of secret were removed before the activity was stored. */
const REMOVED_SECRETS_FIELD = 'firstlineRemovedSecrets';

/** Conversation lifecycle and the activity log, independent of HTTP. */
export class DirectLineConversations {
  constructor(private readonly options: ConversationsOptions) {}

  private get store() {
    return this.options.storage.directLine;
  }

  async create(): Promise<DirectLineConversation> {
    const conversation = {
      id: randomBytes(18).toString('base64url'),
      userId: `dl_${randomBytes(12).toString('base64url')}`,
      createdAt: new Date().toISOString(),
    };
    await this.store.createConversation(conversation);
    return conversation;
  }

  async get(id: string): Promise<DirectLineConversation> {
    const conversation = await this.store.getConversation(id);
    if (!conversation) throw new AppError('NotFound', 'Conversation not found.');
    return conversation;
  }

  /**
   * Tells the bot the user and the bot joined (so it can greet), once per conversation however
   * often the client starts it. Not written to the log: Direct Line clients don't show it.
   */
  async start(conversation: DirectLineConversation, logic: Logic): Promise<void> {
    const first = await this.options.storage.idempotency.claim(`dl-start:${conversation.id}`, START_TTL_MS);
    if (!first) return;
    const user = { id: conversation.userId, name: '', role: 'user' };
    const update = {
      ...this.addressing(conversation),
      type: 'conversationUpdate',
      id: `${conversation.id}|start`,
      membersAdded: [{ ...this.options.adapter.bot }, user],
    } as Partial<Activity>;
    void this.runTurn(update, logic);
  }

  /** Appends the user's activity (the echo clients wait for), then runs the bot turn. */
  async post(
    conversation: DirectLineConversation,
    activity: ClientActivity,
    logic: Logic,
  ): Promise<{ id: string }> {
    const clientId = clientActivityId(activity);
    if (clientId) {
      const first = await this.options.storage.idempotency.claim(
        `dl-post:${conversation.id}:${clientId}`,
        IDEMPOTENCY_TTL_MS,
      );
      if (!first) return { id: await this.findByClientId(conversation, clientId) };
    }
    const clean = this.clean(activity);
    const record = await this.store.appendActivity(conversation.id, (index) => ({
      ...clean,
      ...this.addressing(conversation),
      id: activityId(conversation.id, index),
      timestamp: new Date().toISOString(),
    }));
    this.options.storage.signals.notify(conversation.id);
    const incoming = { ...record.activity, timestamp: new Date(String(record.activity.timestamp)) };
    const turn = this.runTurn(incoming as Partial<Activity>, logic);
    await Promise.race([turn, sleep(this.options.turnResponseTimeoutMs, undefined, { ref: false })]);
    return { id: String(record.activity.id) };
  }

  private clean(activity: ClientActivity): ClientActivity {
    if (!this.options.sanitize) return activity;
    const { activity: sanitized, removed } = this.options.sanitize(activity);
    if (removed.length === 0) return sanitized;
    const channelData = {
      ...(sanitized.channelData as Record<string, unknown> | undefined),
      [REMOVED_SECRETS_FIELD]: removed,
    };
    return { ...sanitized, channelData };
  }

  /** Activities from `watermark` on, and the watermark that follows them. */
  async list(conversationId: string, watermark: number, limit = PAGE) {
    const records = await this.store.listActivities(conversationId, watermark, limit);
    const last = records.at(-1);
    return {
      activities: records.map((record) => record.activity),
      watermark: String(last ? last.index + 1 : watermark),
    };
  }

  private addressing(conversation: DirectLineConversation) {
    return {
      channelId: DIRECT_LINE_CHANNEL_ID,
      serviceUrl: this.options.adapter.serviceUrl,
      conversation: { id: conversation.id },
      from: { id: conversation.userId, role: 'user' },
      recipient: { ...this.options.adapter.bot },
    };
  }

  /** Never rejects: a failed turn is the bot's problem, already reported through onTurnError. */
  private runTurn(activity: Partial<Activity>, logic: Logic): Promise<void> {
    const work = this.options.adapter.processIncoming(activity, logic).catch((err: unknown) => {
      this.options.logger.error(
        { err, conversationId: activity.conversation?.id, activityId: activity.id },
        'Direct Line bot turn failed',
      );
    });
    return this.options.inFlight.track(work);
  }

  /**
   * The id the first attempt got. A retry can overtake the first attempt's append, so look a few
   * times before giving up with Conflict (the client then retries again).
   */
  private async findByClientId(conversation: DirectLineConversation, clientId: string): Promise<string> {
    const deadline = Date.now() + DUPLICATE_LOOKUP_MS;
    for (;;) {
      const id = await this.scanForClientId(conversation, clientId);
      if (id) return id;
      if (Date.now() >= deadline) throw new AppError('Conflict', 'This activity is already being processed.');
      await sleep(100);
    }
  }

  private async scanForClientId(
    conversation: DirectLineConversation,
    clientId: string,
  ): Promise<string | undefined> {
    let found: string | undefined;
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.store.listActivities(conversation.id, offset, PAGE);
      for (const { activity } of page) {
        const sender = activity.from as { id?: unknown } | undefined;
        if (sender?.id === conversation.userId && clientActivityId(activity) === clientId)
          found = String(activity.id);
      }
      if (page.length < PAGE) return found;
    }
  }
}
