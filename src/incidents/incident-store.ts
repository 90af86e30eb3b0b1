import { randomUUID } from 'node:crypto';
import type { DocumentCollection, StorageBackend, StoredDocument } from '../storage/ports';
import {
  INCIDENTS_COLLECTION,
  IncidentError,
  OPEN_INCIDENT_STATUSES,
  type Incident,
  type IncidentStatus,
} from './incident-types';

/** One per spike key: which incident it last raised, so concurrent passes raise one (compare-and-set). */
export interface SpikeGuard extends StoredDocument {
  incidentId: string;
  updatedAt: string;
}

export const SPIKE_GUARDS_COLLECTION = 'incident-spikes';
/** An update that lost a race is tried again this many times. */
const RETRIES = 5;
const LIST_LIMIT = 500;

/** The incidents and their spike guards on a storage backend (SQLite or MongoDB). */
export class IncidentStore {
  readonly incidents: DocumentCollection<Incident>;
  readonly guards: DocumentCollection<SpikeGuard>;

  constructor(private readonly storage: Pick<StorageBackend, 'collection' | 'counters'>) {
    this.incidents = storage.collection<Incident>(INCIDENTS_COLLECTION);
    this.guards = storage.collection<SpikeGuard>(SPIKE_GUARDS_COLLECTION);
  }

  async insert(fields: Omit<Incident, 'id' | 'version' | 'number'>, id = randomUUID()): Promise<Incident> {
    const number = `INC-${await this.storage.counters.next(INCIDENTS_COLLECTION)}`;
    return this.incidents.insert({ ...fields, id, number });
  }

  get(id: string): Promise<Incident | undefined> {
    return this.incidents.get(id);
  }

  /** Newest first; optionally only these statuses. */
  list(statuses?: readonly IncidentStatus[]): Promise<Incident[]> {
    return this.incidents.find({
      ...(statuses ? { where: { status: { in: statuses } } } : {}),
      orderBy: [{ field: 'createdAt', direction: 'desc' }],
      limit: LIST_LIMIT,
    });
  }

  open(): Promise<Incident[]> {
    return this.list(OPEN_INCIDENT_STATUSES);
  }

  /**
   * Applies `change` to the incident as stored now, by compare-and-set on its version (retried
   * when another write came first); `change` returns undefined for no change or throws to refuse.
   */
  async change(
    id: string,
    change: (current: Incident) => Partial<Omit<Incident, 'id' | 'version'>> | undefined,
  ): Promise<{ before: Incident; after: Incident }> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const current = await this.incidents.get(id);
      if (!current) throw new IncidentError('not-found', 'No such incident.');
      const patch = change(current);
      if (!patch) return { before: current, after: current };
      const after = await this.incidents.update(id, { version: current.version }, patch);
      if (after) return { before: current, after };
    }
    throw new IncidentError('conflict', 'The incident is changing too often; try again.');
  }
}

/** Whose links a privacy request is about. */
export interface LinkSubject {
  userIds: readonly string[];
  conversationIds: readonly string[];
}

function about(subject: LinkSubject) {
  const users = new Set(subject.userIds);
  const conversations = new Set(subject.conversationIds);
  return (link: Incident['links'][number]) =>
    users.has(link.userId) || conversations.has(link.conversationId);
}

/** The subject's conversations linked to incidents (privacy export), with the incident's number. */
export async function incidentLinksAbout(
  storage: Pick<StorageBackend, 'collection'>,
  subject: LinkSubject,
): Promise<unknown[]> {
  const matches = about(subject);
  const all = await storage.collection<Incident>(INCIDENTS_COLLECTION).find({});
  return all.flatMap((incident) =>
    incident.links
      .filter(matches)
      .map((link) => ({ incident: incident.number, title: incident.title, ...link })),
  );
}

/** Removes the subject's links from every incident (privacy erasure); returns how many incidents changed. */
export async function eraseIncidentLinks(
  storage: Pick<StorageBackend, 'collection' | 'counters'>,
  subject: LinkSubject,
): Promise<number> {
  const matches = about(subject);
  const store = new IncidentStore(storage);
  let changed = 0;
  for (const incident of await store.incidents.find({})) {
    if (!incident.links.some(matches)) continue;
    await store.change(incident.id, (current) => ({ links: current.links.filter((l) => !matches(l)) }));
    changed++;
  }
  return changed;
}
