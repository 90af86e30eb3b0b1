import { CONSOLE_STREAM } from '../../../handoff';
import { Lease } from '../../../storage';
import type { Logger } from '../../../logging';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type StoredDocument,
} from '../../../storage/ports';
import type { ChannelPoster } from './channel-poster';
import { cardAttachment, type CardView } from './handoff-card';
import type { ChannelDesk } from './channel-desk';
import { slaCardAttachment, slaHeadline } from './sla-card';
import { INCIDENT_CARD_EVENTS, incidentCardAttachment, incidentHeadline } from './incident-card';
import type { ChannelHandoffs, TechnicianChannelSettings } from './channel-types';
import type { ThreadStore } from './thread-store';

interface RelayCursor extends StoredDocument {
  /** Last console event handled. */
  seq: number;
  /** Failed attempts at the event after `seq`; after a few it is skipped, so one cannot block all. */
  failures: number;
}

type ConsoleEventRecord = Record<string, unknown> & { type?: unknown; handoffId?: unknown };

const CURSOR_ID = 'teams-takeover-relay';
const LEASE_ID = 'teams-takeover-relay';
const BATCH = 100;
const MAX_FAILURES = 5;

export interface ChannelRelayDeps {
  storage: Pick<StorageBackend, 'collection' | 'events' | 'signals'>;
  handoffs: ChannelHandoffs;
  desk: ChannelDesk;
  threads: ThreadStore;
  poster: ChannelPoster;
  settings: TechnicianChannelSettings;
  logger: Logger;
  clock: () => Date;
  /** How often to look for events when no signal came (signals may be missed across instances). */
  pollMs: number;
}

/**
 * Follows the hand-over events (stored, so every instance sees the same stream) and mirrors them
 * into the technicians' channel: a card per new hand-over, card updates on every state change,
 * and the user's messages into the card's thread. One instance runs it at a time (a lease); the
 * cursor it advances by compare-and-set lives in storage, so another picks up where it stopped.
 */
export class ChannelRelay {
  private readonly cursors: DocumentCollection<RelayCursor>;
  private readonly lease: Lease;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private reconciled = false;

  constructor(private readonly deps: ChannelRelayDeps) {
    this.cursors = deps.storage.collection<RelayCursor>('technicianChannel');
    this.lease = new Lease(deps.storage, LEASE_ID, Math.max(15_000, deps.pollMs * 10), deps.clock);
  }

  start(): void {
    if (this.timer) return;
    this.unsubscribe = this.deps.storage.signals.subscribe(CONSOLE_STREAM, () => this.wake());
    this.timer = setInterval(() => this.wake(), this.deps.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.again = false;
    await this.running;
  }

  /** Runs a pass now, or right after the one under way. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => (this.running = undefined));
  }

  /** Settles when no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (err) {
        this.deps.logger.warn({ err }, 'technician channel relay pass failed');
      }
    } while (this.again && this.timer);
  }

  /** One pass over the events not yet handled; false when another instance holds the lease. */
  async pass(): Promise<boolean> {
    if (!(await this.lease.acquire())) return false;
    let cursor = await this.cursor();
    if (!this.reconciled) {
      await this.reconcile();
      this.reconciled = true;
    }
    for (;;) {
      const events = await this.deps.storage.events.list(CONSOLE_STREAM, cursor.seq, BATCH);
      if (events.length === 0) return true;
      for (const { seq, event } of events) {
        const next = await this.handleOne(cursor, seq, event);
        if (!next) return true;
        cursor = next;
      }
    }
  }

  private async handleOne(cursor: RelayCursor, seq: number, event: ConsoleEventRecord) {
    try {
      await this.handle(event);
    } catch (err) {
      const failures = cursor.failures + 1;
      if (failures < MAX_FAILURES) {
        this.deps.logger.warn(
          { err, seq, failures },
          'technician channel: event not mirrored yet, will retry',
        );
        await this.cursors.update(CURSOR_ID, { version: cursor.version }, { failures });
        return undefined;
      }
      this.deps.logger.error(
        { err, seq, type: event.type },
        'technician channel: event skipped after retries',
      );
    }
    // Compare-and-set: if another holder moved the cursor meanwhile, this pass stops.
    return this.cursors.update(CURSOR_ID, { version: cursor.version }, { seq, failures: 0 });
  }

  private async handle(event: ConsoleEventRecord): Promise<void> {
    if (event.type === 'sla.reminder' || event.type === 'sla.breached') return this.slaCard(event);
    if (typeof event.type === 'string' && INCIDENT_CARD_EVENTS.has(event.type))
      return this.incidentCard(event);
    const handoffId = typeof event.handoffId === 'string' ? event.handoffId : undefined;
    if (!handoffId) return;
    switch (event.type) {
      case 'handoff.queued':
        return this.sync(handoffId);
      case 'handoff.claimed':
      case 'handoff.transferred':
      case 'handoff.returned':
      case 'handoff.resolved':
      case 'handoff.abandoned':
      case 'handoff.updated':
        return this.sync(handoffId, event);
      case 'message':
        if (event.from === 'user') await this.userMessage(handoffId, event);
        return;
      default:
        return;
    }
  }

  /** Posts the card if the hand-over has none (and waits for someone), else brings it up to date. */
  private async sync(handoffId: string, event?: ConsoleEventRecord): Promise<void> {
    const handoff = await this.deps.handoffs.getHandoff(handoffId);
    if (!handoff) return;
    const thread = await this.deps.threads.get(handoffId);
    const view = await this.deps.desk.view(handoff);
    if (!thread) {
      if (handoff.state === 'queued') await this.startThread(view);
      return;
    }
    await this.deps.poster.replaceCard(thread, { attachments: [cardAttachment(view)] });
    const line = event ? historyLine(event, view) : undefined;
    if (line) await this.deps.poster.post(thread, { text: line, textFormat: 'plain' });
  }

  /** An SLA reminder or escalation: a card of its own in the channel, posted once (the cursor). */
  private async slaCard(event: ConsoleEventRecord): Promise<void> {
    await this.deps.poster.startThread({
      summary: slaHeadline(event),
      attachments: [slaCardAttachment(event)],
    });
    this.deps.logger.info({ ticketId: event.ticketId, type: event.type }, 'SLA card posted to Teams');
  }

  /** An incident raised, confirmed or resolved: a card of its own, posted once (the cursor). */
  private async incidentCard(event: ConsoleEventRecord): Promise<void> {
    await this.deps.poster.startThread({
      summary: incidentHeadline(event),
      attachments: [incidentCardAttachment(event)],
    });
    this.deps.logger.info(
      { incidentId: event.incidentId, type: event.type },
      'incident card posted to Teams',
    );
  }

  private async startThread(view: CardView): Promise<void> {
    const { handoff } = view;
    const place = { channelId: this.deps.settings.channelId, serviceUrl: this.deps.settings.serviceUrl };
    if (!(await this.deps.threads.reserve(handoff.id, place))) return;
    try {
      const started = await this.deps.poster.startThread({
        summary: `${handoff.ticketNumber}: ${view.ticket?.summary ?? 'new hand-over'}`,
        attachments: [cardAttachment(view)],
      });
      await this.deps.threads.posted(handoff.id, started);
      this.deps.logger.info({ handoffId: handoff.id, rootId: started.rootId }, 'hand-over posted to Teams');
    } catch (err) {
      await this.deps.threads.release(handoff.id);
      throw err;
    }
  }

  private async userMessage(handoffId: string, event: ConsoleEventRecord): Promise<void> {
    const thread = await this.deps.threads.get(handoffId);
    if (!thread) return;
    const handoff = await this.deps.handoffs.getHandoff(handoffId);
    const who = handoff?.user.name ? `${handoff.user.name} (user)` : 'User';
    const text = typeof event.text === 'string' ? event.text.trim() : '';
    const attachments = Array.isArray(event.attachments) ? event.attachments.length : 0;
    const extra =
      attachments > 0 ? ` [${attachments} attachment${attachments > 1 ? 's' : ''}, see the console]` : '';
    if (!text && !extra) return;
    await this.deps.poster.post(thread, { text: `${who}: ${text}${extra}`, textFormat: 'plain' });
  }

  /** The cursor; created at the stream's end the first time, so a new install does not replay history. */
  private async cursor(): Promise<RelayCursor> {
    const existing = await this.cursors.get(CURSOR_ID);
    if (existing) return existing;
    let seq = 0;
    for (;;) {
      const page = await this.deps.storage.events.list(CONSOLE_STREAM, seq, 1000);
      const last = page.at(-1);
      if (!last) break;
      seq = last.seq;
    }
    try {
      return await this.cursors.insert({ id: CURSOR_ID, seq, failures: 0 });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const now = await this.cursors.get(CURSOR_ID);
      if (!now) throw error;
      return now;
    }
  }

  /** Cards for hand-overs that wait but have none (channel configured late, a post that failed). */
  private async reconcile(): Promise<void> {
    for (const handoff of await this.deps.handoffs.queued()) {
      if (await this.deps.threads.get(handoff.id)) continue;
      await this.startThread(await this.deps.desk.view(handoff)).catch((err: unknown) =>
        this.deps.logger.warn(
          { err, handoffId: handoff.id },
          'technician channel: card not posted, will retry',
        ),
      );
    }
  }
}

/** The thread's running history: who did what, as it happened. */
function historyLine(event: ConsoleEventRecord, view: CardView): string | undefined {
  const { handoff } = view;
  switch (event.type) {
    case 'handoff.claimed':
      return `${String(event.technicianName ?? handoff.assignedToName ?? 'A technician')} claimed ${handoff.ticketNumber}.`;
    case 'handoff.transferred':
      return handoff.state === 'queued'
        ? `${handoff.ticketNumber} is back in the queue.`
        : `${handoff.ticketNumber} was transferred to ${handoff.assignedToName ?? 'another technician'}.`;
    case 'handoff.returned':
      return `${handoff.ticketNumber} was handed back to the bot.`;
    case 'handoff.resolved':
      return resolvedLine(view);
    case 'handoff.abandoned':
      return `The user cancelled the request; ${handoff.ticketNumber} stays open for the service desk.`;
    case 'handoff.updated':
      return event.userWaitingMode === 'left-message'
        ? 'The user left a message and is no longer waiting.'
        : undefined;
    default:
      return undefined;
  }
}

function resolvedLine(view: CardView): string {
  const who = view.handoff.assignedToName ?? 'a technician';
  const note = view.ticket?.resolution?.note;
  return `${view.handoff.ticketNumber} was resolved by ${who}${note ? `: ${note}` : '.'}`;
}
