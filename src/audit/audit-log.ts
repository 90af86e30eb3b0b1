import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../logging';
import {
  DuplicateKeyError,
  type DocumentCollection,
  type StorageBackend,
  type Where,
} from '../storage/ports';
import type { AuditActor, AuditEntry, AuditEvent, AuditQuery, AuditSubjectKind } from './audit-types';

export const AUDIT_COLLECTION = 'audit_log';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days per storage query when a window spans many (one `day in [...]` condition each). */
const DAYS_PER_QUERY = 31;
/**
 * Entries read from the newest day of a window, where some may lie after `before`: a day with more
 * entries than this loses the oldest of them from a page (thousands of audited actions in one day).
 */
const BOUNDARY_DAY_READ = 20_000;

/**
 * The audit log: written by the console (sign-ins, technician changes, views) and by the privacy
 * requests, read by leads and admins; the retention job (`src/personal-data`) deletes entries
 * older than AUDIT_RETENTION_DAYS. Writing never fails the
 * action it records: a storage error is logged and the action goes on.
 */
export class AuditLog {
  private readonly entries: DocumentCollection<AuditEntry>;

  constructor(
    storage: Pick<StorageBackend, 'collection'>,
    private readonly logger: Logger,
    private readonly options: {
      /** Older entries are purged, so a query without `since` looks back this far. */
      retentionDays: number;
      clock?: () => Date;
    },
  ) {
    this.entries = storage.collection<AuditEntry>(AUDIT_COLLECTION);
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  async record(event: AuditEvent): Promise<void> {
    await this.store(event, randomUUID());
  }

  /**
   * Records the event unless one with the same `key` was recorded already (the key becomes the
   * entry's id, and a second insert is refused): for events that repeat, such as views and
   * refused sign-ins, so an attacker or a reloading page cannot grow the log without bound.
   */
  recordOnce(event: AuditEvent, key: string): Promise<void> {
    const digest = createHash('sha256').update(key).digest('hex');
    return this.store(event, `once-${digest.slice(0, 40)}`);
  }

  /** Stores the entry under `id`; an id already taken means it is recorded already. */
  private async store(event: AuditEvent, id: string): Promise<void> {
    const at = this.now();
    const entry: Omit<AuditEntry, 'version'> = {
      id,
      at: at.toISOString(),
      day: dayOf(at),
      action: event.action,
      actorKind: event.actor.kind,
      ...(event.actor.kind === 'technician'
        ? { actorId: event.actor.id, ...(event.actor.name ? { actorName: event.actor.name } : {}) }
        : {}),
      ...(event.subject ? { subjectKind: event.subject.kind, subjectId: event.subject.id } : {}),
      ...(event.clientAddress ? { clientAddress: event.clientAddress } : {}),
      ...(event.detail ? { detail: event.detail } : {}),
    };
    try {
      await this.entries.insert(entry);
    } catch (err) {
      if (err instanceof DuplicateKeyError) return;
      this.logger.warn({ err, action: event.action }, 'audit entry could not be stored');
    }
  }

  /**
   * A technician looked at a record: the hand-over, ticket or bot chat views. The console reloads
   * an open hand-over on every change, so one entry per viewer, record and hour says who saw what
   * without an entry per reload.
   */
  viewed(
    kind: Extract<AuditSubjectKind, 'handoff' | 'ticket' | 'conversation'>,
    id: string,
    viewer: { id: string; name: string },
  ): Promise<void> {
    const action = kind === 'conversation' ? 'conversation.viewed' : (`${kind}.viewed` as const);
    const hour = this.now().toISOString().slice(0, 13);
    return this.recordOnce(
      { action, actor: technicianActor(viewer), subject: { kind, id } },
      JSON.stringify(['view', viewer.id, kind, id, hour]),
    );
  }

  /**
   * A privacy export or deletion for one user. The user appears only as a SHA-256 of their id, so
   * the entry survives the deletion without keeping the id it erased; an auditor who knows the id
   * can still find the entry by hashing it (`pseudonymousUserId`).
   */
  privacyRequest(
    kind: 'export' | 'delete',
    userId: string,
    actor: AuditActor,
    detail?: AuditEvent['detail'],
  ): Promise<void> {
    return this.record({
      action: kind === 'export' ? 'privacy.export' : 'privacy.delete',
      actor,
      subject: { kind: 'user', id: pseudonymousUserId(userId) },
      ...(detail ? { detail } : {}),
    });
  }

  /** Newest first, filtered in storage by the equality fields and by whole days of the window. */
  async query(query: AuditQuery): Promise<AuditEntry[]> {
    const before = query.before ?? new Date(this.now().getTime() + DAY_MS);
    const since = query.since ?? new Date(before.getTime() - (this.options.retentionDays + 1) * DAY_MS);
    if (since >= before) return [];
    const filter: Where<AuditEntry> = {
      ...(query.action ? { action: query.action } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.subjectKind ? { subjectKind: query.subjectKind } : {}),
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
    };
    const after = query.after;
    // Pages follow the storage order (newest first, then by id): what comes after the cursor is
    // older, or of the same instant with a greater id, so no entry is skipped or repeated.
    const inWindow = (e: AuditEntry) =>
      e.at >= since.toISOString() &&
      e.at < before.toISOString() &&
      (!after || e.at < after.at || (e.at === after.at && e.id > after.id));
    const newest = after ? Math.min(before.getTime(), Date.parse(after.at) + 1) : before.getTime();
    if (Number.isNaN(newest)) return [];
    const days = daysBetween(since, new Date(newest));
    const found: AuditEntry[] = [];
    // The newest day alone first: only there can entries lie after `before`.
    const chunks = [days.slice(0, 1), ...chunk(days.slice(1), DAYS_PER_QUERY)];
    for (const [i, chunkDays] of chunks.entries()) {
      const batch = await this.entries.find({
        where: { ...filter, day: { in: chunkDays } },
        orderBy: [{ field: 'at', direction: 'desc' }],
        limit: i === 0 ? BOUNDARY_DAY_READ : query.limit - found.length,
      });
      found.push(...batch.filter(inWindow).slice(0, query.limit - found.length));
      if (found.length >= query.limit) break;
    }
    return found;
  }
}

export function technicianActor(technician: { id: string; name: string }): AuditActor {
  return { kind: 'technician', id: technician.id, name: technician.name };
}

/** How a user's id appears in the audit log. */
export function pseudonymousUserId(userId: string): string {
  return `sha256:${createHash('sha256').update(userId, 'utf8').digest('hex')}`;
}

function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** UTC days touched by [since, before), newest first. */
function daysBetween(since: Date, before: Date): string[] {
  const days: string[] = [];
  const last = new Date(before.getTime() - 1);
  for (
    let t = Date.parse(`${dayOf(last)}T00:00:00.000Z`);
    t >= Date.parse(`${dayOf(since)}T00:00:00.000Z`);
    t -= DAY_MS
  ) {
    days.push(dayOf(new Date(t)));
  }
  return days;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
