import type { DocumentCollection, StorageBackend } from '../storage/ports';
import type { CaseRecord } from './case-record';

export const CASES_COLLECTION = 'cases';
const PURGE_BATCH = 200;

/** The case records of a storage backend (SQLite or MongoDB). */
export function caseCollection(storage: Pick<StorageBackend, 'collection'>): DocumentCollection<CaseRecord> {
  return storage.collection<CaseRecord>(CASES_COLLECTION);
}

/** Deletes the records of cases opened before `before` (the retention period); returns how many. */
export async function purgeCases(records: DocumentCollection<CaseRecord>, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  let deleted = 0;
  for (;;) {
    // Oldest first: a batch that reaches the cutoff is the last one.
    const oldest = await records.find({
      orderBy: [{ field: 'openedAt', direction: 'asc' }],
      limit: PURGE_BATCH,
    });
    const expired = oldest.filter((r) => r.openedAt < cutoff);
    for (const record of expired) if (await records.delete(record.id)) deleted += 1;
    if (expired.length < PURGE_BATCH) return deleted;
  }
}

/** The records of any of these users or conversations, oldest first, each once (privacy requests). */
export async function casesAbout(
  records: DocumentCollection<CaseRecord>,
  subject: { userIds: readonly string[]; conversationIds: readonly string[] },
): Promise<CaseRecord[]> {
  const found = new Map<string, CaseRecord>();
  const add = (list: CaseRecord[]) => list.forEach((r) => found.set(r.id, r));
  if (subject.userIds.length > 0) add(await records.find({ where: { userId: { in: subject.userIds } } }));
  if (subject.conversationIds.length > 0)
    add(await records.find({ where: { conversationId: { in: subject.conversationIds } } }));
  return [...found.values()].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}
