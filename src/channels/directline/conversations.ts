import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../../logging';
import type { InFlightTracker } from '../../server';
import type { DirectLineConversation, StorageBackend } from '../../storage/ports';
import { AppError } from '../../errors';
import { withVerifiedUser, type VerifiedUser } from '../../identity';
import { activityId, clientActivityId, type ClientActivity } from './activity-validation';
import { DIRECT_LINE_CHANNEL_ID, type DirectLineAdapter } from './adapter';

type Logic = (context: TurnContext) => Promise<void>;
const PAGE = 500;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Longer than any conversation is kept open, so a late restart of the client never greets twice. */
const START_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** How long a retried post waits for the first attempt's activity to appear in the log. */
const DUPLICATE_LOOKUP_MS = 3000;
/** Finished turns remembered in memory, so a quick retry on this instance is answered at once. */
const FINISHED_REMEMBERED = 10_000;

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

/** Conversation lifecycle and the activity log, independent of HTTP. */
export class DirectLineConversations {
  /** Turns of posts with a client id running here, and recently finished ones, for fast retries. */
  private readonly turns = new Map<string, Promise<void>>();
  private readonly finished = new Set<string>();

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
    if (clientId && !(await this.claim('dl-post', conversation, clientId))) {
      return this.retried(conversation, activity, clientId, logic);
    }
    return this.appendAndAnswer(conversation, activity, clientId, logic);
  }

  /**
   * Typing is news for a moment only: the bot (and a technician watching) hears of it, but it is
   * not written to the log, where Web Chat's indicator, sent every few seconds, would pile up.
   */
  private async passTyping(
    conversation: DirectLineConversation,
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
    await Promise.race([
      this.runTurn(incoming, logic),
      sleep(this.options.turnResponseTimeoutMs, undefined, { ref: false }),
    ]);
    return { id };
  }

  private async appendAndAnswer(
    conversation: SpeakingConversation,
    activity: ClientActivity,
    clientId: string | undefined,
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
    await this.answer(conversation, record.activity, clientId, logic);
    return { id: String(record.activity.id) };
  }

  /** Runs the turn; once it has finished, marks it done so a retry does not run it again. */
  private async answer(
    conversation: SpeakingConversation,
    stored: Record<string, unknown>,
    clientId: string | undefined,
    logic: Logic,
    rerun = false,
  ): Promise<void> {
    const received = { ...stored, timestamp: new Date(String(stored.timestamp)) } as Partial<Activity>;
    // Who the user is reaches the turn only; the log (which clients read) keeps just the name.
    const { verifiedUser } = conversation;
    const incoming = verifiedUser ? withVerifiedUser(received, verifiedUser) : received;
    let turn = this.runTurn(incoming, logic, rerun);
    if (clientId) {
      const key = `${conversation.id}:${clientId}`;
      turn = turn.then(() => this.markDone(conversation, clientId, key));
      this.turns.set(key, turn);
    }
    await Promise.race([turn, sleep(this.options.turnResponseTimeoutMs, undefined, { ref: false })]);
  }

  private async markDone(conversation: DirectLineConversation, clientId: string, key: string) {
    await this.claim('dl-done', conversation, clientId).catch((err: unknown) =>
      this.options.logger.warn({ err, conversationId: conversation.id }, 'could not mark a turn done'),
    );
    this.turns.delete(key);
    this.finished.add(key);
    if (this.finished.size > FINISHED_REMEMBERED) {
      const oldest = this.finished.values().next();
      if (!oldest.done) this.finished.delete(oldest.value);
    }
  }

  /**
   * A retry of a post whose client id was claimed before. Usually the first attempt answered and
   * the client missed the answer; but the server may have died (SIGKILL, crash) after the claim:
   * before storing the activity, or before its turn ran. Then this retry finishes the job, once,
   * so a message the user sees acknowledged always reached the bot (or the technician).
   */
  private async retried(
    conversation: SpeakingConversation,
    activity: ClientActivity,
    clientId: string,
    logic: Logic,
  ): Promise<{ id: string }> {
    const stored = await this.findByClientId(conversation, clientId);
    if (!stored) {
      // Claimed but never stored: the first attempt died. One retry takes its place.
      if (await this.claim('dl-takeover', conversation, clientId)) {
        return this.appendAndAnswer(conversation, activity, clientId, logic);
      }
      throw new AppError('Conflict', 'This activity is already being processed.');
    }
    const key = `${conversation.id}:${clientId}`;
    if (this.finished.has(key)) return { id: String(stored.id) };
    const running = this.turns.get(key);
    if (running) {
      await Promise.race([running, sleep(this.options.turnResponseTimeoutMs, undefined, { ref: false })]);
      return { id: String(stored.id) };
    }
    // Another instance, or one that died: a first attempt still alive finishes its turn within
    // the response timeout; wait that out rather than run the turn twice, then run it only if
    // nobody marked it done.
    const age = Date.now() - Date.parse(String(stored.timestamp));
    const wait = this.options.turnResponseTimeoutMs - (Number.isFinite(age) ? age : 0);
    if (wait > 0) await sleep(wait);
    if (await this.claim('dl-done', conversation, clientId)) {
      this.options.logger.info(
        { conversationId: conversation.id, activityId: stored.id },
        'Direct Line: running the turn of a retried activity whose first attempt did not finish',
      );
      await this.answer(conversation, stored, undefined, logic, true);
    }
    return { id: String(stored.id) };
  }

  private claim(
    kind: 'dl-post' | 'dl-done' | 'dl-takeover',
    conversation: DirectLineConversation,
    clientId: string,
  ) {
    return this.options.storage.idempotency.claim(
      `${kind}:${conversation.id}:${clientId}`,
      IDEMPOTENCY_TTL_MS,
    );
  }

  private async clean(activity: ClientActivity, conversationId: string): Promise<ClientActivity> {
    if (!this.options.sanitize) return activity;
    const { activity: sanitized, removed } = await this.options.sanitize(activity, conversationId);
    if (removed.length === 0) return sanitized;
    const channelData = {
      ...(sanitized.channelData as Record<string, unknown> | undefined),
      [REMOVED_SECRETS_FIELD]: removed,
    };
    return { ...sanitized, channelData } as ClientActivity;
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

  /** Never rejects: a failed turn is the bot's problem, already reported through onTurnError. */
  private runTurn(activity: Partial<Activity>, logic: Logic, rerun = false): Promise<void> {
    const work = this.options.adapter.processIncoming(activity, logic, rerun).catch((err: unknown) => {
      this.options.logger.error(
        { err, conversationId: activity.conversation?.id, activityId: activity.id },
        'Direct Line bot turn failed',
      );
    });
    return this.options.inFlight.track(work);
  }

  /**
   * The activity the first attempt stored. A retry can overtake the first attempt's append, so
   * look a few times; undefined when it never appeared.
   */
  private async findByClientId(
    conversation: DirectLineConversation,
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
    conversation: DirectLineConversation,
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
