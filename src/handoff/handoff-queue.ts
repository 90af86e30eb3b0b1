import type { DocumentCollection } from '../storage/ports';
import type { Technician, TechnicianDirectory } from '../technicians';
import type { Handoff, QueueEntry, QueueStanding } from './handoff-types';
import { compareQueued, route } from './queue-order';
import type { SupportConfig } from './support-config';
import { estimateWaitMinutes, recentWaits } from './wait-estimate';
import { isOpen } from './working-hours';

const QUEUE_LIMIT = 1000;
const ESTIMATE_SAMPLES = 20;

/** Reads the queue: its order, who may see and take what, and where one hand-over stands. */
export class HandoffQueue {
  constructor(
    private readonly handoffs: DocumentCollection<Handoff>,
    private readonly technicians: TechnicianDirectory,
    private readonly support: SupportConfig,
    private readonly clock: () => Date,
  ) {}

  /** Queued hand-overs in queue order. */
  async queued(): Promise<Handoff[]> {
    const queued = await this.handoffs.find({
      where: { state: 'queued' },
      orderBy: [
        { field: 'rank', direction: 'asc' },
        { field: 'queuedAt', direction: 'asc' },
        { field: 'seq', direction: 'asc' },
      ],
      limit: QUEUE_LIMIT,
    });
    return queued.sort(compareQueued);
  }

  async list(viewer: Technician): Promise<QueueEntry[]> {
    const [queued, online] = await Promise.all([this.queued(), this.technicians.online()]);
    const now = this.clock().getTime();
    const entries: QueueEntry[] = [];
    for (const [index, handoff] of queued.entries()) {
      const routing = route(viewer, handoff, online, this.support.languageFallback);
      if (!routing.allowed) continue;
      entries.push({
        handoff,
        position: index + 1,
        waitingSeconds: Math.max(0, Math.round((now - Date.parse(handoff.queuedAt)) / 1000)),
        languageFallback: routing.languageFallback,
      });
    }
    return entries;
  }

  /** Routing; who else is online matters only for the language fallback, so it is read last. */
  async mayTake(technician: Technician, handoff: Handoff): Promise<boolean> {
    if (route(technician, handoff, [], false).allowed) return true;
    if (!this.support.languageFallback) return false;
    const online = await this.technicians.online();
    return route(technician, handoff, online, true).allowed;
  }

  /**
   * 1-based place in the queue (0 once taken), an estimate when there is a basis for one, and
   * whether, with the desk open, nobody online could take it.
   */
  async standing(handoff: Handoff): Promise<QueueStanding> {
    const queued = await this.queued();
    const position = queued.findIndex((h) => h.id === handoff.id) + 1;
    if (position === 0) return { position: 0, estimatedWaitMinutes: null, nobodyOnline: false };
    const online = await this.technicians.online();
    const able = online.filter((t) => route(t, handoff, online, this.support.languageFallback).allowed);
    const claimed = await this.handoffs.find({
      where: { state: { in: ['assigned', 'resolved', 'returned'] } },
      orderBy: [{ field: 'assignedAt', direction: 'desc' }],
      limit: ESTIMATE_SAMPLES,
    });
    const waits = recentWaits(claimed, this.clock());
    return {
      position,
      estimatedWaitMinutes: estimateWaitMinutes(waits, position, able.length),
      nobodyOnline: able.length === 0 && isOpen(this.support, this.clock()),
    };
  }
}
