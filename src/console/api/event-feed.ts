import type { Request, Response } from 'restify';
import type { Logger } from '../../logging';
import type { StorageBackend } from '../../storage/ports';
import type { ConsoleDeskAccess, Technician } from './ports';

export const CONSOLE_STREAM = 'console';
const BATCH = 200;

export interface EventFeedOptions {
  storage: Pick<StorageBackend, 'events' | 'signals'>;
  /** Which events a viewer may receive (the desk's access rule). */
  access: Pick<ConsoleDeskAccess, 'eventFilter'>;
  logger: Logger;
  heartbeatMs?: number;
  /**
   * How often an idle stream re-checks that its caller may still listen (token version, status,
   * role, session). Streams also check before every batch of events they deliver.
   */
  accessCheckMs?: number;
}

/** Whether the viewer may still listen: the current record, or undefined to end the stream. */
export type StillAllowed = () => Promise<Technician | undefined>;

type StoredEvent = { seq: number; at: string; event: Record<string, unknown> };

/**
 * The console's live feed as Server-Sent Events. Every event is read from the store's `console`
 * stream (never from memory), so a client may reconnect to any instance with Last-Event-ID and
 * get each event exactly once; signals only say "read again". The heartbeat also re-reads, which
 * covers a signal lost between instances.
 */
export class ConsoleEventFeed {
  private readonly open = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: EventFeedOptions) {}

  async stream(
    req: Request,
    res: Response,
    viewer: Technician,
    after: number,
    stillAllowed: StillAllowed,
  ): Promise<void> {
    if (this.closed) {
      res.send(503, { error: { code: 'ServiceUnavailable', message: 'Shutting down.' } });
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies (nginx, App Service front ends) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    await new Promise<void>((resolve) => this.run(req, res, viewer, after, stillAllowed, resolve));
  }

  /** Ends every open stream (shutdown); clients reconnect elsewhere with Last-Event-ID. */
  close(): void {
    this.closed = true;
    for (const end of [...this.open]) end();
  }

  get openStreams(): number {
    return this.open.size;
  }

  private run(
    req: Request,
    res: Response,
    viewer: Technician,
    after: number,
    stillAllowed: StillAllowed,
    done: () => void,
  ): void {
    const { storage, logger } = this.options;
    let cursor = after;
    let pumping = false;
    let again = false;
    let ended = false;

    const pump = async (): Promise<void> => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          let batch: StoredEvent[];
          do {
            batch = await storage.events.list(CONSOLE_STREAM, cursor, BATCH);
            if (ended) return;
            if (batch.length > 0 && !(await allowed())) return;
            const visible = await this.visibleTo(batch, viewer);
            for (const item of batch) {
              if (visible.has(item.seq)) res.write(formatEvent(item));
              cursor = item.seq;
            }
          } while (batch.length === BATCH && !ended);
        } while (again && !ended);
      } catch (err) {
        logger.warn({ err }, 'console feed could not read events; the client will reconnect');
        end();
      } finally {
        pumping = false;
      }
    };

    // Revoked, disabled, demoted or signed out: the stream ends and the client's reconnect is
    // answered with the caller's current rights (401 for a session that has ended).
    const allowed = async (): Promise<boolean> => {
      const current = await stillAllowed();
      if (!current) {
        logger.info({ technicianId: viewer.id }, 'console feed ended: the caller may no longer listen');
        end();
      }
      return current !== undefined && !ended;
    };

    const unsubscribe = storage.signals.subscribe(CONSOLE_STREAM, () => void pump());
    const accessCheck = setInterval(() => {
      allowed().catch((err: unknown) => {
        logger.warn({ err }, 'console feed could not check access; ending the stream');
        end();
      });
    }, this.options.accessCheckMs ?? 2000);
    accessCheck.unref();
    const heartbeat = setInterval(() => {
      res.write(': ping\n\n');
      void pump();
    }, this.options.heartbeatMs ?? 15000);
    heartbeat.unref();

    const end = (): void => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      clearInterval(accessCheck);
      unsubscribe();
      this.open.delete(end);
      if (!res.writableEnded) res.end();
      done();
    };
    this.open.add(end);
    req.once('close', end);
    res.once('close', end);
    void pump();
  }

  private async visibleTo(batch: StoredEvent[], viewer: Technician): Promise<Set<number>> {
    const visible = new Set<number>();
    const mayReceive = this.options.access.eventFilter(viewer);
    for (const item of batch) {
      if (await mayReceive(item.event)) visible.add(item.seq);
    }
    return visible;
  }
}

/**
 * No `event:` field: every event reaches EventSource.onmessage and carries its `type` in the data,
 * so a client needs one listener whatever types the server adds later.
 */
function formatEvent(item: StoredEvent): string {
  const data = JSON.stringify({ at: item.at, ...item.event, seq: item.seq });
  return `id: ${item.seq}\ndata: ${data}\n\n`;
}

/** The seq to resume after: the Last-Event-ID header wins over `?after=`. */
export function resumePoint(lastEventId: string | undefined, after: string | undefined): number {
  for (const value of [lastEventId, after]) {
    if (value !== undefined && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  }
  return 0;
}
