import type { AuditActor, AuditLog } from '../audit';
import type { Logger } from '../logging';
import type { StorageBackend } from '../storage/ports';
import { findSubject, isUnknown, type DataSubject } from './data-subject';
import { personalDataStores, type PersonalDataStore } from './personal-data-stores';

/** Who asked: a technician (console session or API token), ADMIN_TOKEN, or the command line. */
export type PrivacyActor = AuditActor;

export interface PrivacyExport {
  exportedAt: string;
  subject: Omit<DataSubject, 'requestedId'> & { id: string };
  /** Per store, everything it holds about the subject. */
  data: Record<string, unknown[]>;
}

export interface PrivacyErasure {
  erasedAt: string;
  /** False when nothing was stored about this id (nothing was changed). */
  found: boolean;
  /** Records deleted or anonymised, per store. */
  counts: Record<string, number>;
}

/**
 * GDPR requests about one user: export everything stored about them, or erase it (tickets are
 * kept, anonymised). Used by `firstline privacy` and the admin API; each request is audited.
 */
export class PrivacyRequests {
  private readonly stores: PersonalDataStore[];
  private readonly clock: () => Date;

  constructor(
    private readonly deps: {
      storage: StorageBackend;
      logger: Logger;
      /** Where each request is recorded (the user only as a hash of their id). */
      audit?: Pick<AuditLog, 'privacyRequest'>;
      clock?: () => Date;
      /** Stores beyond the built-in ones (see personal-data-stores.ts). */
      extraStores?: PersonalDataStore[];
    },
  ) {
    this.stores = [...personalDataStores(deps.storage), ...(deps.extraStores ?? [])];
    this.clock = deps.clock ?? (() => new Date());
  }

  async export(userId: string, actor: PrivacyActor): Promise<PrivacyExport> {
    const subject = await findSubject(this.deps.storage, userId);
    const data: Record<string, unknown[]> = {};
    for (const store of this.stores) data[store.name] = await store.export(subject);
    const exportedAt = this.clock().toISOString();
    const { requestedId, ...rest } = subject;
    await this.record('export', actor, userId, countsOf(data));
    return { exportedAt, subject: { id: requestedId, ...rest }, data };
  }

  async erase(userId: string, actor: PrivacyActor): Promise<PrivacyErasure> {
    const subject = await findSubject(this.deps.storage, userId);
    const now = this.clock();
    const counts: Record<string, number> = {};
    for (const store of this.stores) counts[store.name] = await store.erase(subject, now);
    const found = !isUnknown(subject) || Object.values(counts).some((n) => n > 0);
    await this.record('delete', actor, userId, counts);
    return { erasedAt: now.toISOString(), found, counts };
  }

  private async record(
    kind: 'export' | 'delete',
    actor: PrivacyActor,
    userId: string,
    counts: Record<string, number>,
  ): Promise<void> {
    // Never the id itself: the log line and the audit entry outlive the erasure.
    this.deps.logger.info({ request: kind, actor: actor.kind, counts }, 'privacy request carried out');
    await this.deps.audit?.privacyRequest(kind, userId, actor, counts);
  }
}

function countsOf(data: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(data).map(([name, records]) => [name, records.length]));
}
