import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Logger } from '../../logging';
import { LocalSignals } from '../local-signals';
import type { ConversationSignals } from '../ports';
import { COLLECTIONS } from './mongo-schema';

interface SignalDocument {
  _id: string;
  /** Replaced by every notify; a poller that sees a token it did not know knows something changed. */
  token: string;
  at: Date;
}

export const DEFAULT_SIGNAL_POLL_MS = 250;

/**
 * Cross-instance signals by polling. FerretDB 1.24 has no change streams and closes tailable
 * cursors on capped collections after the first batch (both tried), so each instance polls
 * one small document per conversation it has listeners for. A random token rather than a
 * counter, because FerretDB's $inc loses concurrent increments and a lost increment would be a
 * lost signal; concurrent token writes still leave a token no poller has seen.
 */
export class MongoSignals implements ConversationSignals {
  private readonly local: LocalSignals;
  private readonly signals: Collection<SignalDocument>;
  /** Last token seen (or written here) per subscribed conversation. */
  private readonly seen = new Map<string, string | null>();
  private readonly subscribedAt = new Map<string, number>();
  /** Conversations with a signal write in flight; true when another notify came meanwhile. */
  private readonly writing = new Map<string, boolean>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(
    db: Db,
    private readonly logger: Logger,
    private readonly pollMs: number = DEFAULT_SIGNAL_POLL_MS,
    /**
     * Puts the signal write off until the end of the current turn, if there is one: a turn's
     * notifies (the user's message, the bot's answers) then cost one write, while this instance's
     * own listeners hear each at once.
     */
    private readonly atTurnEnd: (key: string, task: () => void) => boolean = () => false,
  ) {
    this.local = new LocalSignals(logger);
    this.signals = db.collection<SignalDocument>(COLLECTIONS.signals);
  }

  notify(conversationId: string): void {
    this.local.notify(conversationId);
    if (this.stopped) return;
    if (this.atTurnEnd(`signal:${conversationId}`, () => this.notifyOthers(conversationId))) return;
    this.notifyOthers(conversationId);
  }

  private notifyOthers(conversationId: string): void {
    if (this.stopped) return;
    // While a write for this conversation is on its way, later notifies share one more write
    // after it (a burst, such as a message and the bot's answer, costs at most two round trips).
    if (this.writing.has(conversationId)) {
      this.writing.set(conversationId, true);
      return;
    }
    this.writing.set(conversationId, false);
    void this.writeSignal(conversationId);
  }

  private async writeSignal(conversationId: string): Promise<void> {
    // Not marked as seen here: a token another instance wrote just before this one lands is lost
    // under it (the last write wins), so only a poll that finds this token tells this instance's
    // listeners again, and they read what that other instance wrote. (A turn's signal is written
    // at its end, long after its own listeners heard of it: marking it seen made a technician's
    // message written meanwhile on another instance wait for the stream's keep-alive.)
    const token = randomUUID();
    try {
      await this.signals.updateOne(
        { _id: conversationId },
        { $set: { token, at: new Date() } },
        // A lost signal only delays a client until its next poll: no need to wait for a majority.
        { upsert: true, writeConcern: { w: 1 } },
      );
    } catch (error) {
      this.logger.warn({ err: error, conversationId }, 'signal write failed');
    }
    const again = this.writing.get(conversationId) === true && !this.stopped;
    if (again) {
      this.writing.set(conversationId, false);
      return this.writeSignal(conversationId);
    }
    this.writing.delete(conversationId);
  }

  subscribe(conversationId: string, listener: () => void): () => void {
    const unsubscribe = this.local.subscribe(conversationId, listener);
    if (!this.seen.has(conversationId)) {
      this.seen.set(conversationId, null);
      this.subscribedAt.set(conversationId, Date.now());
    }
    this.schedule();
    return () => {
      unsubscribe();
      if (!this.local.hasListeners(conversationId)) {
        this.seen.delete(conversationId);
        this.subscribedAt.delete(conversationId);
      }
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.local.clear();
    this.seen.clear();
  }

  /** Removes signal documents not touched since `before`. */
  async purge(before: Date): Promise<number> {
    return (await this.signals.deleteMany({ at: { $lt: before } })).deletedCount;
  }

  private schedule(): void {
    if (this.stopped || this.timer || this.seen.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().finally(() => this.schedule());
    }, this.pollMs);
    // Polling alone must not keep the process alive during shutdown.
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.polling || this.seen.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.seen.keys()];
      const docs = await this.signals.find({ _id: { $in: ids } }).toArray();
      for (const doc of docs) this.observe(doc);
    } catch (error) {
      if (!this.stopped) this.logger.warn({ err: error }, 'signal poll failed');
    } finally {
      this.polling = false;
    }
  }

  private observe(doc: SignalDocument): void {
    if (!this.seen.has(doc._id)) return;
    const previous = this.seen.get(doc._id);
    if (previous === doc.token) return;
    this.seen.set(doc._id, doc.token);
    // First sighting: fire only if the signal is newer than the subscription.
    if (previous === null && doc.at.getTime() < (this.subscribedAt.get(doc._id) ?? 0)) return;
    this.local.notify(doc._id);
  }
}
