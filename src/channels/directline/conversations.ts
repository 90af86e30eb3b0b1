import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../../logging';
import type { InFlightTracker } from '../../server';
import type { DirectLineConversation, StorageBackend } from '../../storage/ports';
import { beginDelivery, stalledDeliveries } from '../../storage';
import { AppError } from '../../errors';
import { withVerifiedUser, type VerifiedUser } from '../../identity';
import { activityId, clientActivityId, keepStart, type ClientActivity } from './activity-validation';
import { DIRECT_LINE_CHANNEL_ID, type DirectLineAdapter } from './adapter';

type Logic = (context: TurnContext) => Promise<void>;
const PAGE = 500;
/** Longer than any conversation is kept open, so a late restart of the client never greets twice. */
const START_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** How long a retried post waits for the first attempt's activity to appear in the log. */
const DUPLICATE_LOOKUP_MS = 3000;
/** Posts whose process died mid-turn are run again if it died this recently; older ones are left. */
const STALLED_WINDOW_MS = 10 * 60 * 1000;
/** At most this many such turns per pass; the next pass takes the rest. */
const STALLED_BATCH = 20;

export interface ConversationsOptions {
  storage: StorageBackend;
  adapter: DirectLineAdapter;
  inFlight: InFlightTracker;
  logger: Logger;
  /** The post answers when the turn ends, or after this long with the turn still running. */
  turnResponseTimeoutMs: number;
  /** Longer texts are cut to their start before they are stored (MAX_MESSAGE_CHARS). */
  maxMessageChars: number;
  /**
   * A post's turn is run again (resumeStalled) only this long after its lease ran out: a turn
   * still alive on a slow instance must not be run twice.
   */
  stalledGraceMs: number;
  sanitize?: ActivitySanitizer;
}

/** Removes what must never be stored from a user's activity; `removed` lists kinds, never values. */
export type ActivitySanitizer = (
  activity: ClientActivity,
  conversationId: string,
) => SanitizedActivity | Promise<SanitizedActivity>;
export interface SanitizedActivity {
  activity: ClientActivity;
  removed: string[];
}

/** A conversation as one request sees it: with the user its token vouches for, if any. */
export type SpeakingConversation = DirectLineConversation & { verifiedUser?: VerifiedUser };

/** channelData field telling the bot which kinds of secret were removed before the activity was stored. */
const REMOVED_SECRETS_FIELD = 'firstlineRemovedSecrets';

/** A delivery this instance processes: finished when its turn has run. */
interface TakenDelivery {
  key: string;
  finish(): Promise<void>;
}

/** Conversation lifecycle and the activity log, independent of HTTP. */
export class DirectLineConversations {
  /** Turns of posts with a client id running here, by conversation and client id: a retry waits for its turn. */
  private readonly turns = new Map<string, { id: string; turn: Promise<void> }>();

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
  async start(conversation: SpeakingConversation, logic: Logic): Promise<void> {
    const first = await this.options.storage.idempotency.claim(`dl-start:${conversation.id}`, START_TTL_MS);
    if (!first) return;
    const user = { id: conversation.userId, name: conversation.verifiedUser?.name ?? '', role: 'user' };
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
    conversation: SpeakingConversation,
    activity: ClientActivity,
    logic: Logic,
  ): Promise<{ id: string }> {
    if (activity.type === 'typing') return this.passTyping(conversation, activity, logic);
    const clientId = clientActivityId(activity);
    // Without the client's id a retry cannot be told from a new message: each post is one.
    if (!clientId) return this.appendAndAnswer(conversation, activity, undefined, logic);
    return this.deliver(conversation, activity, clientId, logic);
  }

  /**
   * A post with the client's activity id, which Web Chat keeps when it retries a send: processed
   * once (beginDelivery), whichever instance each attempt reaches. A retry gets the first
   * attempt's id; if the first attempt died with its process (SIGKILL, crash) before its turn
   * finished, the retry finishes the job, so a message the user sees acknowledged always reached
   * the bot (or the technician).
   */
  private async deliver(
    conversation: SpeakingConversation,
    activity: ClientActivity,
    clientId: string,
    logic: Logic,
    waited = false,
  ): Promise<{ id: string }> {
    const key = `${conversation.id}:${clientId}`;
    const local = this.turns.get(key);
    if (local) return this.awaitTurn(local);
    const delivery = await beginDelivery(
      this.options.storage.idempotency,
      { channelId: DIRECT_LINE_CHANNEL_ID, conversationId: conversation.id, deliveryId: clientId },
      this.options.turnResponseTimeoutMs,
    );
    switch (delivery.state) {
      case 'first':
        return this.appendAndAnswer(conversation, activity, { key, finish: delivery.finish }, logic);
      case 'retake': {
        const stored = await this.scanForClientId(conversation, clientId);
        // Taken but never stored: the first attempt died before the append; this one takes its place.
        if (!stored)
          return this.appendAndAnswer(conversation, activity, { key, finish: delivery.finish }, logic);
        this.options.logger.info(
          { conversationId: conversation.id, activityId: stored.id },
          'Direct Line: running the turn of a retried activity whose first attempt did not finish',
        );
        await this.answer(conversation, stored, { key, finish: delivery.finish }, logic, true);
        return { id: String(stored.id) };
      }
      case 'running':
        // Another instance runs it: a first attempt still alive finishes within its lease. Wait
        // that out, then ask again (once): it is done, or its process died and this one retakes it.
        if (!waited) {
          const wait = Math.min(delivery.leaseUntil - Date.now(), this.options.turnResponseTimeoutMs);
          if (wait > 0) await sleep(wait);
          return this.deliver(conversation, activity, clientId, logic, true);
        }
        return this.storedId(conversation, clientId);
      case 'done':
        return this.storedId(conversation, clientId);
    }
  }

  /**
   * Runs again the turns of posts that were answered and then lost with their process: a post is
   * answered after turnResponseTimeoutMs with its turn still running, so the client never retries
   * it, and if the process then dies (SIGKILL, crash) the message would reach neither the bot nor
   * the technician. Each turn is taken with `begin` like a retry's, so one instance runs it.
   * The rerun carries no verified identity (the token that vouched for it is gone); the case and
   * ticket keep what earlier turns recorded. Returns how many turns ran.
   */
  async resumeStalled(logic: Logic, now = Date.now()): Promise<number> {
    const stalled = await stalledDeliveries(this.options.storage.idempotency, DIRECT_LINE_CHANNEL_ID, {
      since: now - STALLED_WINDOW_MS,
      now: now - this.options.stalledGraceMs,
      limit: STALLED_BATCH,
    });
    let resumed = 0;
    for (const { conversationId, deliveryId } of stalled) {
      const key = `${conversationId}:${deliveryId}`;
      if (this.turns.has(key)) continue;
      const conversation = await this.store.getConversation(conversationId);
      if (!conversation) continue;
      const delivery = await beginDelivery(
        this.options.storage.idempotency,
        { channelId: DIRECT_LINE_CHANNEL_ID, conversationId, deliveryId },
        this.options.turnResponseTimeoutMs,
      );
      if (delivery.state !== 'retake' && delivery.state !== 'first') continue;
      // Never stored: the post failed and its client retries it; this lease runs out meanwhile.
      const stored = await this.scanForClientId(conversation, deliveryId);
      if (!stored) continue;
      this.options.logger.warn(
        { conversationId, activityId: stored.id },
        'Direct Line: running again the turn of an answered post whose process died',
      );
      await this.answer(conversation, stored, { key, finish: delivery.finish }, logic, true);
      resumed++;
    }
    return resumed;
  }

  /** The id the first attempt's activity got in the log; a retry can overtake its append, so look a few times. */
  private async storedId(conversation: SpeakingConversation, clientId: string): Promise<{ id: string }> {
    const stored = await this.findByClientId(conversation, clientId);
    if (!stored) throw new AppError('Conflict', 'This activity is already being processed.');
    return { id: String(stored.id) };
  }

  /**
   * Typing is news for a moment only: the bot (and a technician watching) hears of it, but it is
   * not written to the log, where Web Chat's indicator, sent every few seconds, would pile up.
   */
  private async passTyping(
    conversation: SpeakingConversation,
    activity: ClientActivity,
    logic: Logic,
  ): Promise<{ id: string }> {
    const id = `${conversation.id}|typing-${randomBytes(6).toString('base64url')}`;
    const incoming = {
      ...(await this.clean(activity, conversation.id)),
      ...this.addressing(conversation),
      id,
      timestamp: new Date(),
    } as Partial<Activity>;
    await this.untilDoneOrTimeout(this.runTurn(incoming, logic));
    return { id };
  }

  private async appendAndAnswer(
    conversation: SpeakingConversation,
    activity: ClientActivity,
    delivery: TakenDelivery | undefined,
    logic: Logic,
  ): Promise<{ id: string }> {
    const clean = await this.clean(activity, conversation.id);
    const record = await this.store.appendActivity(conversation.id, (index) => ({
      ...clean,
      ...this.addressing(conversation),
      id: activityId(conversation.id, index),
      timestamp: new Date().toISOString(),
    }));
    this.options.storage.signals.notify(conversation.id);
    await this.answer(conversation, record.activity, delivery, logic);
    return { id: String(record.activity.id) };
  }

  /** Runs the turn; once it has finished, the delivery is finished, so a retry does not run it again. */
  private async answer(
    conversation: SpeakingConversation,
    stored: Record<string, unknown>,
    delivery: TakenDelivery | undefined,
    logic: Logic,
    rerun = false,
  ): Promise<void> {
    const received = { ...stored, timestamp: new Date(String(stored.timestamp)) } as Partial<Activity>;
    // Who the user is reaches the turn only; the log (which clients read) keeps just the name.
    const { verifiedUser } = conversation;
    const incoming = verifiedUser ? withVerifiedUser(received, verifiedUser) : received;
    // The done-mark is part of the tracked turn, so a shutdown waits for it: a turn that ran but
    // was never marked done would be run again by resumeStalled.
    const turn = this.runTurn(
      incoming,
      logic,
      rerun,
      delivery && (() => this.finish(conversation, delivery)),
    );
    if (delivery) this.turns.set(delivery.key, { id: String(stored.id), turn });
    await this.untilDoneOrTimeout(turn);
  }

  /**
   * Waits for a turn, at most turnResponseTimeoutMs (the post is answered then; the turn goes on).
   * The timer is cleared when the turn ends first: left running, it would keep the turn's context
   * (its cached records) alive for the rest of the timeout, for every message.
   */
  private async untilDoneOrTimeout(turn: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.turnResponseTimeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([turn, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async finish(conversation: SpeakingConversation, delivery: TakenDelivery): Promise<void> {
    await delivery
      .finish()
      .catch((err: unknown) =>
        this.options.logger.warn({ err, conversationId: conversation.id }, 'could not mark a turn done'),
      );
    this.turns.delete(delivery.key);
  }

  /** A retry of a post whose turn runs on this instance: answered when the turn ends, as the first was. */
  private async awaitTurn(running: { id: string; turn: Promise<void> }): Promise<{ id: string }> {
    await this.untilDoneOrTimeout(running.turn);
    return { id: running.id };
  }

  /** Redacted, then cut to MAX_MESSAGE_CHARS: only the start of a long text is ever stored. */
  private async clean(activity: ClientActivity, conversationId: string): Promise<ClientActivity> {
    const max = this.options.maxMessageChars;
    if (!this.options.sanitize) return keepStart(activity, max);
    const { activity: sanitized, removed } = await this.options.sanitize(activity, conversationId);
    if (removed.length === 0) return keepStart(sanitized, max);
    const channelData = {
      ...(sanitized.channelData as Record<string, unknown> | undefined),
      [REMOVED_SECRETS_FIELD]: removed,
    };
    return keepStart({ ...sanitized, channelData } as ClientActivity, max);
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

  private addressing(conversation: SpeakingConversation) {
    const name = conversation.verifiedUser?.name;
    return {
      channelId: DIRECT_LINE_CHANNEL_ID,
      serviceUrl: this.options.adapter.serviceUrl,
      conversation: { id: conversation.id },
      from: { id: conversation.userId, ...(name ? { name } : {}), role: 'user' },
      recipient: { ...this.options.adapter.bot },
    };
  }

  /**
   * Never rejects: a failed turn is the bot's problem, already reported through onTurnError.
   * `afterTurn` (the delivery's done-mark) runs once the turn has, as part of the tracked work.
   */
  private runTurn(
    activity: Partial<Activity>,
    logic: Logic,
    rerun = false,
    afterTurn?: () => Promise<void>,
  ): Promise<void> {
    const work = this.options.adapter.processIncoming(activity, logic, rerun).catch((err: unknown) => {
      this.options.logger.error(
        { err, conversationId: activity.conversation?.id, activityId: activity.id },
        'Direct Line bot turn failed',
      );
    });
    return this.options.inFlight.track(afterTurn ? work.then(afterTurn) : work);
  }

  /**
   * The activity the first attempt stored. A retry can overtake the first attempt's append, so
   * look a few times; undefined when it never appeared.
   */
  private async findByClientId(
    conversation: SpeakingConversation,
    clientId: string,
  ): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + DUPLICATE_LOOKUP_MS;
    for (;;) {
      const found = await this.scanForClientId(conversation, clientId);
      if (found || Date.now() >= deadline) return found;
      await sleep(100);
    }
  }

  private async scanForClientId(
    conversation: SpeakingConversation,
    clientId: string,
  ): Promise<Record<string, unknown> | undefined> {
    let found: Record<string, unknown> | undefined;
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.store.listActivities(conversation.id, offset, PAGE);
      for (const { activity } of page) {
        const sender = activity.from as { id?: unknown } | undefined;
        if (sender?.id === conversation.userId && clientActivityId(activity) === clientId) found = activity;
      }
      if (page.length < PAGE) return found;
    }
  }
}
