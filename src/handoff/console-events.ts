import type { StorageBackend } from '../storage/ports';

/** The stream technicians' live views follow (SSE resumes from a sequence number). */
export const CONSOLE_STREAM = 'console';

export type ConsoleEventType =
  | 'handoff.queued'
  | 'handoff.claimed'
  | 'handoff.updated'
  | 'handoff.transferred'
  | 'handoff.returned'
  | 'handoff.resolved'
  | 'handoff.abandoned'
  | 'ticket.opened'
  | 'ticket.rated'
  /** A technician changed a ticket (`change`: updated, reply, note, merged, linked). */
  | 'ticket.updated'
  /**
   * The user added to a ticket from the chat ("add to HD-1001: ..."): `ticketId`, `text`, `by`,
   * and `assigneeId` so that the assignee hears of it (a live technician gets the `message`).
   */
  | 'ticket.replied'
  | 'message'
  | 'typing'
  | 'note'
  // Service levels (src/sla): a reminder to the assignee before a target is missed, and the
  // escalation to leads when it is. They carry `assigneeId`, which lets the assignee see them.
  | 'sla.reminder'
  | 'sla.breached'
  // Incidents (src/incidents): raised by the spike detector or a lead, then confirmed, updated,
  // resolved or dismissed; every technician may see them (`incidentId`, `incidentNumber`, `title`).
  | 'incident.suspected'
  | 'incident.confirmed'
  | 'incident.updated'
  | 'incident.resolved'
  | 'incident.dismissed';

export interface ConsoleEvent {
  type: ConsoleEventType;
  handoffId?: string;
  ticketNumber?: string;
  [field: string]: unknown;
}

/** Appends to the console stream and wakes every instance's listeners (console and this hand-over). */
export class ConsoleEvents {
  constructor(
    private readonly storage: Pick<StorageBackend, 'events' | 'signals'>,
    private readonly clock: () => Date,
  ) {}

  async emit(event: ConsoleEvent): Promise<number> {
    const seq = await this.storage.events.append(CONSOLE_STREAM, {
      at: this.clock().toISOString(),
      ...event,
    });
    this.storage.signals.notify(CONSOLE_STREAM);
    if (event.handoffId) this.storage.signals.notify(`handoff:${event.handoffId}`);
    return seq;
  }
}
