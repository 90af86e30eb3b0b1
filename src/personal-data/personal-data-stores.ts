import { randomUUID } from 'node:crypto';
import { feedbackAbout, feedbackCollection } from '../feedback';
import { caseCollection, casesAbout } from '../insights';
import { eraseIncidentLinks, incidentLinksAbout } from '../incidents';
import { RESUME_COLLECTION, type ResumeRecord } from '../channels/webchat';
import { MAIL_OUTBOX_COLLECTION, mailOutboxTo } from '../mail';
import { CONSOLE_STREAM } from '../handoff/console-events';
import type { Handoff } from '../handoff';
import type { DocumentCollection, StorageBackend, StoredDocument } from '../storage/ports';
import type { Ticket } from '../tickets';
import { buildSummary } from '../tickets/ticket-summary';
import { ERASED_TEXT, REMOVED_MARK, mentions, scrubText } from './anonymise';
import type { DataSubject } from './data-subject';

/** What one store keeps about a person: it can hand it over (export) and forget it (erase). */
export interface PersonalDataStore {
  readonly name: string;
  /** Everything this store holds about the subject, as plain JSON. */
  export(subject: DataSubject): Promise<unknown[]>;
  /** Deletes, or for records that must stay (tickets) anonymises; returns how many records changed. */
  erase(subject: DataSubject, now: Date): Promise<number>;
}

/**
 * Every store that can hold something about a user. A new store joins by adding its entry here
 * (and its retention rule in retention-tasks.ts); the privacy tests scan every table and
 * collection, so a store that is left out shows up as a trace left behind.
 */
export function personalDataStores(storage: StorageBackend): PersonalDataStore[] {
  return [
    {
      // E-mails to the user (address, rendered body) by the addresses on their tickets; first,
      // before the tickets are anonymised and the addresses with them.
      name: 'mailOutbox',
      export: async (subject) => mailOutboxTo(storage, await ticketAddresses(storage, subject)),
      erase: async (subject) => {
        const rows = storage.collection(MAIL_OUTBOX_COLLECTION);
        let deleted = 0;
        for (const row of await mailOutboxTo(storage, await ticketAddresses(storage, subject)))
          if (await rows.delete(row.id)) deleted++;
        return deleted;
      },
    },
    {
      name: 'transcripts',
      export: async (subject) =>
        Promise.all(
          subject.conversationIds.map(async (conversationId) => ({
            conversationId,
            entries: await storage.transcripts.list(conversationId),
          })),
        ).then((all) => all.filter((c) => c.entries.length > 0)),
      erase: (subject) => storage.transcripts.deleteConversations(subject.conversationIds),
    },
    {
      name: 'directLine',
      export: async (subject) => {
        const out = [];
        for (const conversationId of subject.conversationIds) {
          const conversation = await storage.directLine.getConversation(conversationId);
          if (!conversation) continue;
          const activities = await storage.directLine.listActivities(conversationId, 0);
          out.push({ ...conversation, activities: activities.map((record) => record.activity) });
        }
        return out;
      },
      erase: (subject) => storage.directLine.deleteConversations(subject.conversationIds),
    },
    {
      name: 'botState',
      export: async (subject) => {
        const keys = await botStateKeys(storage, subject);
        const items = await storage.botState.read(keys);
        return Object.entries(items).map(([key, value]) => ({ key, value: withoutETag(value) }));
      },
      erase: async (subject) => storage.botState.erase(await botStateKeys(storage, subject)),
    },
    {
      name: 'feedback',
      export: (subject) => feedbackAbout(feedbackCollection(storage), subject),
      erase: async (subject) => {
        const records = feedbackCollection(storage);
        let deleted = 0;
        for (const record of await feedbackAbout(records, subject))
          if (await records.delete(record.id)) deleted++;
        return deleted;
      },
    },
    {
      // The case records behind the insights (first message redacted, but still the user's words).
      name: 'cases',
      export: (subject) => casesAbout(caseCollection(storage), subject),
      erase: async (subject) => {
        const records = caseCollection(storage);
        let deleted = 0;
        for (const record of await casesAbout(records, subject))
          if (await records.delete(record.id)) deleted++;
        return deleted;
      },
    },
    {
      // Conversations linked to incidents (src/incidents), to hear of their resolution.
      name: 'incidents',
      export: (subject) => incidentLinksAbout(storage, subject),
      erase: (subject) => eraseIncidentLinks(storage, subject),
    },
    {
      // Files the user sent: by their user id and by their conversations (the bytes as base64).
      name: 'attachments',
      export: async (subject) => {
        const out = [];
        for (const record of await attachmentsOf(storage, subject)) {
          const content = await storage.attachments.read(record.id);
          out.push({ ...record, contentBase64: content?.toString('base64') });
        }
        return out;
      },
      erase: async (subject) => {
        let deleted = 0;
        for (const userId of subject.userIds) deleted += await storage.attachments.deleteByUser(userId);
        for (const conversationId of subject.conversationIds)
          deleted += await storage.attachments.deleteByConversation(conversationId);
        return deleted;
      },
    },
    {
      // Web chat resume credentials (hashes only): erased, no device can come back to the chat.
      name: RESUME_COLLECTION,
      export: async (subject) =>
        (await resumeRecordsOf(storage, subject)).map(({ id: _hash, ...record }) => record),
      erase: async (subject) => {
        const records = storage.collection<ResumeRecord>(RESUME_COLLECTION);
        let deleted = 0;
        for (const record of await resumeRecordsOf(storage, subject))
          if (await records.delete(record.id)) deleted++;
        return deleted;
      },
    },
    byConversation(storage, 'bot-chats'),
    byConversation(storage, 'conversation-owners'),
    {
      name: 'tickets',
      export: async (subject) => ticketsOf(storage.collection<Ticket>('tickets'), subject),
      erase: async (subject, now) => {
        const tickets = storage.collection<Ticket>('tickets');
        let changed = 0;
        for (const ticket of await ticketsOf(tickets, subject)) {
          if (await tickets.update(ticket.id, {}, anonymisedTicket(ticket, subject, now))) changed++;
        }
        return changed;
      },
    },
    {
      name: 'handoffs',
      export: async (subject) => handoffsOf(storage.collection<Handoff>('handoffs'), subject),
      erase: async (subject, now) => {
        const handoffs = storage.collection<Handoff>('handoffs');
        let changed = 0;
        for (const handoff of await handoffsOf(handoffs, subject)) {
          if (await handoffs.update(handoff.id, {}, anonymisedHandoff(handoff, now))) changed++;
        }
        return changed;
      },
    },
    {
      name: 'consoleEvents',
      export: async (subject) => {
        const all = await storage.events.list(CONSOLE_STREAM, 0);
        return all.filter((item) => isSubjectEvent(item.event, subject));
      },
      erase: (subject) => storage.events.scrub(CONSOLE_STREAM, (event) => isSubjectEvent(event, subject)),
    },
  ];
}

async function resumeRecordsOf(storage: StorageBackend, subject: DataSubject): Promise<ResumeRecord[]> {
  const ids = new Set(subject.userIds);
  const conversations = new Set(subject.conversationIds);
  const all = await storage.collection<ResumeRecord>(RESUME_COLLECTION).find({});
  return all.filter((r) => ids.has(r.user.id) || conversations.has(r.conversationId));
}

/** A collection whose document ids are conversation ids: exported and deleted whole. */
function byConversation(storage: StorageBackend, collection: string): PersonalDataStore {
  const docs = () => storage.collection<StoredDocument>(collection);
  return {
    name: collection,
    export: async (subject) => {
      const found = await Promise.all(subject.conversationIds.map((id) => docs().get(id)));
      return found.filter((doc) => doc !== undefined);
    },
    erase: async (subject) => {
      let deleted = 0;
      for (const id of subject.conversationIds) if (await docs().delete(id)) deleted++;
      return deleted;
    },
  };
}

async function botStateKeys(storage: StorageBackend, subject: DataSubject): Promise<string[]> {
  // A key names the id it belongs to as one of its `/` segments: botbuilder's
  // `<channel>/users/<user id>/` and `<channel>/conversations/<conversation id>/`, state kept beside
  // them (`…/<conversation id>/frustration`), the redaction pipeline's
  // `firstline.privacy.pending/<role>/<conversation id>`, and any later such key.
  const ids = [...subject.userIds, ...subject.conversationIds];
  return storage.botState.keysMatching((key) =>
    ids.some((id) => key.endsWith(`/${id}`) || key.includes(`/${id}/`)),
  );
}

async function ticketsOf(tickets: DocumentCollection<Ticket>, subject: DataSubject): Promise<Ticket[]> {
  const ids = new Set(subject.ticketIds);
  const conversations = new Set(subject.conversationIds);
  const all = await tickets.find({});
  return all.filter((t) => ids.has(t.id) || conversations.has(t.conversationId));
}

async function handoffsOf(handoffs: DocumentCollection<Handoff>, subject: DataSubject): Promise<Handoff[]> {
  const ids = new Set(subject.handoffIds);
  const conversations = new Set(subject.conversationIds);
  const all = await handoffs.find({});
  return all.filter((h) => ids.has(h.id) || conversations.has(h.conversationId));
}

/** Someone no longer named: a fresh id per record, so erased records cannot be linked again. */
function anonymousUser(): { id: string } {
  return { id: `erased-${randomUUID()}` };
}

/**
 * The ticket stays (the organisation's record of work done), without the person: no name or id,
 * their words (problem, answers to the flow's questions) replaced, facts (which may name their
 * device or account) dropped, and their name taken out of technicians' notes and the resolution.
 */
function anonymisedTicket(ticket: Ticket, subject: DataSubject, now: Date): Partial<Ticket> {
  const anonymised = {
    ...ticket,
    user: anonymousUser(),
    problem: ERASED_TEXT,
    facts: {},
    // The questions stay (what was asked), the user's answers go.
    ...(ticket.answers ? { answers: ticket.answers.map((a) => ({ ...a, answer: ERASED_TEXT })) } : {}),
  };
  return {
    user: anonymised.user,
    problem: ERASED_TEXT,
    facts: {},
    ...(anonymised.answers ? { answers: anonymised.answers } : {}),
    summary: buildSummary(anonymised),
    notes: ticket.notes.map((note) => ({ ...note, text: scrubText(note.text, subject) })),
    // The user's own comments go; technicians' replies stay with the person's name removed.
    ...(ticket.replies
      ? {
          replies: ticket.replies.map((reply) =>
            reply.by.kind === 'user'
              ? { ...reply, by: { kind: 'user', name: REMOVED_MARK }, text: ERASED_TEXT }
              : { ...reply, text: scrubText(reply.text, subject) },
          ),
        }
      : {}),
    // The way back to the user's conversation (ids, name) is theirs (emptied, as on hand-overs).
    ...(ticket.upstream ? { upstream: {} } : {}),
    ...(ticket.requestFields && {
      requestFields: ticket.requestFields.map((field) => ({ ...field, value: ERASED_TEXT })),
    }),
    ...(ticket.history && {
      history: ticket.history.map((entry) => ({
        ...entry,
        ...(entry.by.kind === 'user' && { by: { kind: 'user', name: REMOVED_MARK } }),
        ...(entry.why && { why: scrubText(entry.why, subject) }),
      })),
    }),
    resolution: ticket.resolution && {
      ...ticket.resolution,
      note: scrubText(ticket.resolution.note, subject),
    },
    rating: ticket.rating && { score: ticket.rating.score, at: ticket.rating.at },
    origin: scrubText(ticket.origin, subject),
    updatedAt: now.toISOString(),
    erasedAt: now.toISOString(),
  } as Partial<Ticket>;
}

/** The hand-over keeps its times and outcome; who it was for, and how to reach them, goes. A live one ends. */
function anonymisedHandoff(handoff: Handoff, now: Date): Partial<Handoff> {
  const live = handoff.state === 'queued' || handoff.state === 'assigned';
  return {
    user: anonymousUser(),
    upstream: {},
    ...(live ? { state: 'abandoned', endedAt: now.toISOString() } : {}),
  } as Partial<Handoff>;
}

function isSubjectEvent(event: Record<string, unknown>, subject: DataSubject): boolean {
  if (typeof event.handoffId === 'string' && subject.handoffIds.includes(event.handoffId)) return true;
  if (typeof event.conversationId === 'string' && subject.conversationIds.includes(event.conversationId))
    return true;
  return mentions(event, subject);
}

function withoutETag(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const { eTag: _etag, ...rest } = value as Record<string, unknown>;
  return rest;
}

async function attachmentsOf(storage: StorageBackend, subject: DataSubject) {
  const found = new Map<string, Awaited<ReturnType<StorageBackend['attachments']['get']>>>();
  for (const userId of subject.userIds)
    for (const record of await storage.attachments.listByUser(userId)) found.set(record.id, record);
  for (const conversationId of subject.conversationIds)
    for (const record of await storage.attachments.listByConversation(conversationId))
      found.set(record.id, record);
  return [...found.values()].filter((record) => record !== undefined);
}

/** The e-mail addresses the subject's tickets hold. */
async function ticketAddresses(storage: StorageBackend, subject: DataSubject): Promise<string[]> {
  const tickets = storage.collection<Ticket>('tickets');
  const addresses: string[] = [];
  for (const id of subject.ticketIds) {
    const email = (await tickets.get(id))?.user.email;
    if (email) addresses.push(email);
  }
  return addresses;
}
