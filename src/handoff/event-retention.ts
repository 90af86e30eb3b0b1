import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import type { BotChats } from './bot-chats';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes console events (live-view history, which carries users' redacted messages) older than
 * the retention period, once an hour on every instance: the purge is idempotent, so instances
 * need not take turns. Tickets and transcripts are not events and are kept. Also drops the records
 * of bot chats idle for a day (they only serve the console's list of live chats).
 */
export class EventRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: {
      storage: Pick<StorageBackend, 'events'>;
      /** The list of chats the bot is having: records idle for a day are dropped. */
      chats?: Pick<BotChats, 'purge'>;
      retentionDays: number;
      logger: Logger;
      intervalMs?: number;
      clock?: () => Date;
    },
  ) {}

  start(): void {
    if (this.timer) return;
    const run = (): void => void this.purgeNow();
    this.timer = setInterval(run, this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
    this.timer.unref();
    run();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One purge; a failure is logged and retried at the next interval. */
  purgeNow(): Promise<void> {
    this.running ??= this.purge().finally(() => (this.running = undefined));
    return this.running;
  }

  private async purge(): Promise<void> {
    const now = (this.options.clock ?? (() => new Date()))().getTime();
    const cutoff = new Date(now - this.options.retentionDays * DAY_MS);
    try {
      const deleted = await this.options.storage.events.purge(cutoff);
      if (deleted > 0)
        this.options.logger.info({ deleted, before: cutoff.toISOString() }, 'old console events purged');
    } catch (err) {
      this.options.logger.warn({ err }, 'console event purge failed; retrying at the next interval');
    }
  }
}
